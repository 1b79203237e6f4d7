import { ProblemException } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { LocationRef, LocationRepository } from './location.repository';

export type { LocationRef } from './location.repository';

/** Separator of the names in a location path of the CSV files (`North plant > Hall 1`). */
export const LOCATION_PATH_SEPARATOR = ' > ';

/** The columns of a location reference in an import, for the messages. */
export interface LocationReferenceColumns {
  path: string;
  code: string;
  id: string;
  /** Appended to "not found" messages (e.g. an ordering rule). */
  notFoundHint: string;
}

/**
 * The one location of the tenant at `path` (its names from the root joined by ` > `, itself last)
 * or with `code`; with both they must name the same location. Undefined when neither is given.
 * Throws a 400 problem naming the column when nothing or more than one location matches.
 */
export async function locationByReference(
  locations: LocationRepository,
  manager: EntityManager,
  tenantId: string,
  reference: { path?: string; code?: string },
  columns: LocationReferenceColumns,
): Promise<LocationRef | undefined> {
  const { path, code } = reference;
  if (path !== undefined) {
    const names = path.split(LOCATION_PATH_SEPARATOR.trim()).map((name) => name.trim());
    const shown = names.join(LOCATION_PATH_SEPARATOR);
    if (names.some((name) => name === '')) throw rowProblem(columns.path, `"${path}" has an empty name`);
    const found = await locations.refsAtNamePath(manager, tenantId, names);
    if (found.length === 0) throw rowProblem(columns.path, `no location at "${shown}"${columns.notFoundHint}`);
    if (found.length > 1) throw rowProblem(columns.path, `"${shown}" names more than one location: add ${columns.code} or use ${columns.id}`);
    if (code !== undefined && found[0].code !== code) {
      throw rowProblem(columns.code, `the location at "${shown}" has code ${found[0].code === null ? 'none' : `"${found[0].code}"`}, not "${code}"`);
    }
    return found[0];
  }
  if (code !== undefined) {
    const found = await locations.refsWithCode(manager, tenantId, code);
    if (found.length === 0) throw rowProblem(columns.code, `no location with code "${code}"${columns.notFoundHint}`);
    if (found.length > 1) throw rowProblem(columns.code, `more than one location has code "${code}": use ${columns.path} or ${columns.id}`);
    return found[0];
  }
  return undefined;
}

/** A 400 problem naming the column of the row that is wrong. */
export function rowProblem(field: string, message: string): ProblemException {
  return ProblemException.validation([{ field, message }]);
}
