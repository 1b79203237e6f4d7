import { HttpException } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { ProblemException } from './problem.exception';
import { problemTypeForCode, statusTitle, PROBLEM_TYPES, type ProblemDetails } from './problem-details';

export interface MappedProblem {
  problem: ProblemDetails;
  headers: Readonly<Record<string, string>>;
  /** True for anything we did not expect: answered with a generic 500 and logged as an error. */
  unexpected: boolean;
}

const INTERNAL_ERROR: ProblemDetails = {
  type: PROBLEM_TYPES.blank,
  title: statusTitle(500),
  status: 500,
  detail: 'an unexpected error occurred',
};

/** The single mapping from anything thrown to the problem answered. Pure, so it is unit-tested. */
export function toProblem(exception: unknown): MappedProblem {
  if (exception instanceof ProblemException) {
    return { problem: { ...exception.problem }, headers: exception.headers, unexpected: false };
  }
  if (exception instanceof DomainException) {
    const status = exception.httpStatus();
    return {
      problem: {
        type: problemTypeForCode(exception.code),
        title: statusTitle(status),
        status,
        detail: exception.message,
        code: exception.code,
      },
      headers: {},
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  const clientError = clientErrorStatus(exception);
  if (clientError !== undefined) {
    return { problem: { type: PROBLEM_TYPES.blank, title: statusTitle(clientError), status: clientError }, headers: {}, unexpected: false };
  }
  return { problem: { ...INTERNAL_ERROR }, headers: {}, unexpected: true };
}

/** Nest's own exceptions (NotFoundException from the router, ones thrown by libraries). */
function fromHttpException(exception: HttpException): MappedProblem {
  const status = exception.getStatus();
  if (status >= 500) {
    // A 5xx from a library can carry upstream text: never echo it.
    return {
      problem: { type: PROBLEM_TYPES.blank, title: statusTitle(status), status, ...(status === 500 ? { detail: INTERNAL_ERROR.detail } : {}) },
      headers: {},
      unexpected: status === 500,
    };
  }
  const detail = messageOf(exception.getResponse());
  return {
    problem: { type: PROBLEM_TYPES.blank, title: statusTitle(status), status, ...(detail ? { detail } : {}) },
    headers: {},
    unexpected: false,
  };
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message.join('; ');
  return undefined;
}

/** Errors of the `http-errors` family that middleware marks as safe to show (`expose`), e.g. 415. */
function clientErrorStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose } = exception as { status?: unknown; expose?: unknown };
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) return status;
  return undefined;
}
