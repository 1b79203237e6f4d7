/**
 * Every answer of the write path that is not a success, in one place: rule problems (422 naming
 * each field), the Idempotency-Key's misuses, and upstream failure classes mapped to statuses
 * (permission 403, optimistic-concurrency 409/412, validation 422, …).
 */
import { assertUnreachable, PROBLEM_TYPES, ProblemException } from '@mate/service-kit';
import type { FailureClass, UpstreamFailure } from '../adapters';
import type { WriteProblem } from './capabilities/write-rules';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

const type = (code: string) => `urn:mate:problem:${code.replace(/_/g, '-')}`;

export function missingIdempotencyKey(): ProblemException {
  return ProblemException.validation([{ field: IDEMPOTENCY_HEADER, message: 'every write needs an Idempotency-Key header (1 to 255 printable characters), the same on each retry' }]);
}

/** The write breaks the capability matrix or a business rule: every problem, each naming its field. */
export function rulesRejected(problems: readonly WriteProblem[]): ProblemException {
  const unsupported = problems.find((problem) => problem.code === 'unsupported_operation');
  return new ProblemException({
    status: 422,
    type: type(unsupported ? 'unsupported_operation' : 'write_rejected'),
    title: unsupported ? 'Operation not supported' : 'Write rejected',
    detail: unsupported?.message ?? `${problems.length} problem(s); nothing was sent to the system`,
    extensions: { code: unsupported ? 'UNSUPPORTED_OPERATION' : 'WRITE_REJECTED', errors: problems.map(({ field, message, code, state, unifiedState }) => ({ field, message, code, ...(state ? { state } : {}), ...(unifiedState ? { unifiedState } : {}) })) },
  });
}

export function keyReused(): ProblemException {
  return new ProblemException({
    status: 422,
    type: type('idempotency_key_reused'),
    detail: 'this Idempotency-Key was used for a different write; use a new key for a new write',
    extensions: { code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: IDEMPOTENCY_HEADER, message: 'already used for a different request' }] },
  });
}

export function writeInProgress(): ProblemException {
  return new ProblemException({ status: 409, type: type('write_in_progress'), detail: 'a write with this Idempotency-Key is in progress; retry shortly', extensions: { code: 'WRITE_IN_PROGRESS' }, headers: { 'Retry-After': '1' } });
}

/** A create whose reply was lost, on a system where the record cannot be found again: never re-sent. */
/** Why an in-doubt create cannot be settled: no way to look its record up, or the look-up cannot tell which record (if any) it made. */
export type OutcomeUnknownReason = 'no_lookup' | 'ambiguous' | 'too_many';

const UNKNOWN_BECAUSE: Readonly<Record<OutcomeUnknownReason, (system: string) => string>> = {
  no_lookup: (system) => `${system} records of this entity cannot be looked up by a tag or by their fields`,
  ambiguous: (system) => `several ${system} records created since the first attempt hold the same values`,
  too_many: (system) => `too many ${system} records changed since the first attempt to look through`,
};

export function outcomeUnknown(system: string, reason: OutcomeUnknownReason = 'no_lookup'): ProblemException {
  return new ProblemException({
    status: 409,
    type: type('write_outcome_unknown'),
    detail: `the first attempt's reply was lost and ${UNKNOWN_BECAUSE[reason](system)}: it is not sent again (it may exist); check ${system} before writing again with a new key`,
    extensions: { code: 'WRITE_OUTCOME_UNKNOWN', reason },
  });
}

/** The answer to a failure the system gave (or the outcome of a call that never answered). */
export function upstreamProblem(failure: UpstreamFailure): ProblemException {
  const classification: FailureClass = failure.classification;
  const { compensation } = failure.detail;
  const extensions = { code: classification, system: failure.detail.system, ...(failure.detail.status ? { upstreamStatus: failure.detail.status } : {}), ...(compensation ? { compensation } : {}) };
  // A multi-call write failed part-way and what it made was removed: the outcome is known, not "retry and see".
  if (compensation && (classification === 'transient' || classification === 'rate_limited')) {
    return new ProblemException({ status: 502, type: type('write_compensated'), detail: `${failure.detail.system} failed part-way through the write; ${compensation.note}`, extensions });
  }
  const problem = (status: number, detail: string, headers?: Record<string, string>) => new ProblemException({ status, type: type(classification), detail, extensions, headers });
  switch (classification) {
    case 'permission_denied':
      return problem(403, `the connected ${failure.detail.system} account may not do this (${failure.detail.operation}); grant it the permission in ${failure.detail.system}`);
    case 'conflict':
      return failure.detail.status === 412
        ? new ProblemException({ status: 412, type: PROBLEM_TYPES.versionMismatch, detail: 'the record changed in the system since it was read; read it again', extensions: { ...extensions, code: 'VERSION_MISMATCH' } })
        : problem(409, 'the system refused the write as conflicting with the record\'s current state or version');
    case 'upstream_validation':
      return problem(422, `${failure.detail.system} refused the write as invalid${failure.detail.code ? ` (${failure.detail.code})` : ''}`);
    case 'not_found':
      return problem(404, 'no such record in the system');
    case 'rate_limited':
      return problem(429, 'the system is throttling this connection; retry with the same Idempotency-Key', { 'Retry-After': String(Math.max(1, failure.detail.retryAfterSeconds ?? 1)) });
    case 'transient':
      return problem(503, 'the system did not answer; the write may or may not have happened: retry with the same Idempotency-Key', { 'Retry-After': '1' });
    case 'auth_invalid':
    case 'auth_expired':
      return problem(409, 'the system refused the connection\'s credentials; reauthorize the connection');
    default:
      return assertUnreachable(classification);
  }
}

/**
 * Whether a failure settles the write (replayed as is) or leaves its outcome open for a retry. A
 * complete compensation settles it (nothing of it remains upstream); an incomplete one after a
 * transient failure leaves it open, so the retry finds what was left and finishes it.
 */
export function isDefinitive(failure: UpstreamFailure): boolean {
  return failure.detail.compensation?.complete === true || ['permission_denied', 'conflict', 'upstream_validation', 'not_found'].includes(failure.classification);
}
