import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace of PM occurrence ids: changing it would change every id and duplicate work. */
const OCCURRENCE_NAMESPACE = '8f2c6a1e-4b7d-5e39-9a0c-3d1f6b8e2a47';

/**
 * The identity of an occurrence: a UUIDv5 of plan, asset and scheduled occurrence time (to the
 * millisecond, UTC). The same occurrence computed twice, by two replicas or after a crash, has the
 * same id, which the work-orders service uses to create its work order once.
 */
export function occurrenceIdOf(planId: string, assetId: string, occurrenceAt: Date): string {
  return uuidv5(`${planId}|${assetId}|${occurrenceAt.toISOString()}`, OCCURRENCE_NAMESPACE);
}
