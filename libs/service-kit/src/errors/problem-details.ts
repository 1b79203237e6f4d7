import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details. Extension members (e.g. `errors`, `code`) sit beside the standard ones. */
export interface ProblemDetails {
  /** A URI identifying the problem type; `about:blank` when the status code says it all. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** One invalid input field: nested fields dotted (`lines.0.quantity`). */
export interface FieldError {
  field: string;
  message: string;
}

export const PROBLEM_TYPES = {
  blank: 'about:blank',
  validation: 'urn:mate:problem:validation',
  /** 412: `If-Match` names a version that is no longer current (see VersionPrecondition). */
  versionMismatch: 'urn:mate:problem:version-mismatch',
} as const;

/** The standard reason phrase, which RFC 9457 asks for as the title of `about:blank` problems. */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** `urn:mate:problem:<kebab-code>` for a domain error code such as `WORK_ORDER_CLOSED`. */
export function problemTypeForCode(code: string): string {
  return `urn:mate:problem:${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}
