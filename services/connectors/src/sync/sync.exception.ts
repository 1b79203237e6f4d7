import { assertUnreachable, DomainException, ProblemException, type DomainHttpStatus } from '@mate/service-kit';

export enum SyncExceptionCode {
  RUN_NOT_FOUND = 'SYNC_RUN_NOT_FOUND',
  ALREADY_RUNNING = 'SYNC_ALREADY_RUNNING',
  RECORD_NOT_FOUND = 'SYNCED_RECORD_NOT_FOUND',
}

/** The sync feature's domain exception; each code maps to exactly one status. */
export class SyncException extends DomainException<SyncExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case SyncExceptionCode.RUN_NOT_FOUND:
      case SyncExceptionCode.RECORD_NOT_FOUND:
        return 404;
      case SyncExceptionCode.ALREADY_RUNNING:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}

/** An entity (or custom object) the connection's system does not sync: 422 naming the field, nothing sent upstream. */
export function unknownEntity(field: string, value: string, known: readonly string[]): ProblemException {
  return new ProblemException({
    status: 422,
    type: 'urn:mate:problem:unknown-entity',
    title: 'Unknown entity',
    detail: `${value} is not an entity this connection syncs`,
    extensions: { code: 'UNKNOWN_ENTITY', errors: [{ field, message: `must be one of ${known.join(', ') || '(none)'}` }] },
  });
}
