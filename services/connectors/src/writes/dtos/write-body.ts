/**
 * The body of a write: unified fields at the top level, the connection's custom fields under
 * `custom_fields`. Shapes are checked here (400 naming the field); what may be written is the
 * capability matrix's business (422).
 */
import { ProblemException } from '@mate/service-kit';
import { UNIFIED_ENTITIES, type UnifiedEntity } from '../../adapters';
import type { UnifiedValues } from '../capabilities/write-rules';
import { IDEMPOTENCY_HEADER, missingIdempotencyKey } from '../write.problems';

const KEY = /^[\x21-\x7e]{1,255}$/;

export function parseEntity(value: string): UnifiedEntity {
  if ((UNIFIED_ENTITIES as readonly string[]).includes(value)) return value as UnifiedEntity;
  throw ProblemException.validation([{ field: 'entity', message: `unknown entity ${value}; one of ${UNIFIED_ENTITIES.join(', ')}` }]);
}

export function parseIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') throw missingIdempotencyKey();
  if (!KEY.test(value)) throw ProblemException.validation([{ field: IDEMPOTENCY_HEADER, message: 'must be 1 to 255 printable ASCII characters' }]);
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseWriteBody(body: unknown): { fields: UnifiedValues; customFields: UnifiedValues } {
  if (!isObject(body)) throw ProblemException.validation([{ field: 'body', message: 'must be a JSON object of unified fields' }]);
  const { custom_fields: custom, ...fields } = body;
  if (custom !== undefined && !isObject(custom)) throw ProblemException.validation([{ field: 'custom_fields', message: 'must be an object' }]);
  return { fields, customFields: custom ?? {} };
}
