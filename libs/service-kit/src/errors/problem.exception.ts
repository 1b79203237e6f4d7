import { HttpException } from '@nestjs/common';
import { PROBLEM_TYPES, statusTitle, type FieldError, type ProblemDetails } from './problem-details';

export interface ProblemExceptionOptions {
  status: number;
  title?: string;
  detail?: string;
  type?: string;
  /** Extra members of the problem body, e.g. `{ errors: [...] }`. */
  extensions?: Record<string, unknown>;
  /** Response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/** An HTTP error answered as application/problem+json exactly as given. */
export class ProblemException extends HttpException {
  readonly problem: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: ProblemExceptionOptions) {
    const problem: ProblemDetails = {
      type: options.type ?? PROBLEM_TYPES.blank,
      title: options.title ?? statusTitle(options.status),
      status: options.status,
      ...(options.detail === undefined ? {} : { detail: options.detail }),
    };
    // Extension members go after the standard ones and can never replace them.
    for (const [name, value] of Object.entries(options.extensions ?? {})) {
      if (!(name in problem)) problem[name] = value;
    }
    super(problem, options.status);
    this.problem = problem;
    this.headers = options.headers ?? {};
  }

  static validation(errors: FieldError[], detail = 'the request is not valid'): ProblemException {
    return new ProblemException({
      status: 400,
      type: PROBLEM_TYPES.validation,
      title: 'Invalid request',
      detail,
      extensions: { errors },
    });
  }

  static badRequest(detail: string): ProblemException {
    return new ProblemException({ status: 400, detail });
  }

  static unauthorized(detail = 'invalid or expired token'): ProblemException {
    return new ProblemException({ status: 401, detail, headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  static forbidden(detail = 'your role does not allow this action'): ProblemException {
    return new ProblemException({ status: 403, detail });
  }

  /** Also the answer for another tenant's object: never reveal that it exists. */
  static notFound(detail = 'not found'): ProblemException {
    return new ProblemException({ status: 404, detail });
  }

  static conflict(detail: string): ProblemException {
    return new ProblemException({ status: 409, detail });
  }

  /** 412, the one answer to a stale `If-Match` (see VersionPrecondition). */
  static versionMismatch(detail = 'the resource has changed since you read it'): ProblemException {
    return new ProblemException({ status: 412, type: PROBLEM_TYPES.versionMismatch, detail, extensions: { code: 'VERSION_MISMATCH' } });
  }

  static unprocessable(detail: string): ProblemException {
    return new ProblemException({ status: 422, detail });
  }

  static tooManyRequests(retryAfterSeconds: number, detail = 'too many requests'): ProblemException {
    return new ProblemException({
      status: 429,
      detail,
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}
