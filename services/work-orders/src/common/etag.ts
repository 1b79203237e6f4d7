import { ProblemException } from '@mate/service-kit';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The version an `If-Match` header asks for; undefined without a header (or `*`). */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw ProblemException.validation([{ field: 'If-Match', message: 'must be an ETag of this resource, e.g. "3"' }]);
  return Number(match[1]);
}
