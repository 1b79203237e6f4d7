import { ProblemException } from '@mate/service-kit';
import { isAuthFailure, UpstreamFailure } from '../adapters';
import { ConnectionException, ConnectionExceptionCode, REAUTHORIZATION_REQUIRED_TYPE } from '../connections/connection.exception';
import type { SyncRunStatus } from './sync.types';

/** The status a failure ends a run with, or undefined when it is worth a retry of the job. */
export function stopStatus(error: unknown): SyncRunStatus | undefined {
  if (error instanceof UpstreamFailure) {
    if (isAuthFailure(error.classification)) return 'stopped_auth';
    return error.classification === 'transient' || error.classification === 'rate_limited' ? undefined : 'failed';
  }
  if (error instanceof ProblemException && error.problem.type === REAUTHORIZATION_REQUIRED_TYPE) return 'stopped_auth';
  if (error instanceof ConnectionException) return error.code === ConnectionExceptionCode.PAUSED ? 'stopped_paused' : 'failed';
  return undefined;
}

