import { ProblemException } from '@mate/service-kit';

export const PASSTHROUGH_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type PassthroughMethod = (typeof PASSTHROUGH_METHODS)[number];

/** Headers a caller may set; credentials, cookies, hosts and hop-by-hop headers are the service's. */
const ALLOWED_REQUEST_HEADERS = new Set(['accept', 'content-type', 'if-match', 'if-none-match', 'prefer', 'x-organization-id', 'x-method-override', 'patchtype']);
/** Reply headers shown to the caller: never a cookie, a session or anything the system echoes of the request. */
const SAFE_REPLY_HEADERS = ['content-type', 'etag', 'last-modified', 'retry-after', 'location'];

export interface FieldProblem {
  field: string;
  message: string;
}

/** Problems with the path: only a path under the base URL, never another host or a way out of it. */
export function pathProblems(path: string): FieldProblem[] {
  const problem = (message: string) => [{ field: 'path', message }];
  if (!path.startsWith('/') || path.startsWith('//')) return problem("must start with a single '/': it is relative to the connection's base URL");
  if (/[\\?#\s]|[\u0000-\u001f]/.test(path)) return problem('must not contain a backslash, a query (use `query`), a fragment, spaces or control characters');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return problem('is not a valid percent-encoded path');
  }
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return problem("must not contain '.' or '..' segments");
  if (/^\/*[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.includes('//')) return problem('must not name a scheme or another host');
  return [];
}

export function headerProblems(headers: Record<string, unknown>): FieldProblem[] {
  return Object.entries(headers).flatMap(([name, value]) => {
    if (!ALLOWED_REQUEST_HEADERS.has(name.toLowerCase())) return [{ field: `headers.${name}`, message: `not an allowed header; allowed: ${[...ALLOWED_REQUEST_HEADERS].join(', ')}` }];
    return typeof value === 'string' ? [] : [{ field: `headers.${name}`, message: 'must be a string' }];
  });
}

export function queryProblems(query: Record<string, unknown>): FieldProblem[] {
  return Object.entries(query).flatMap(([name, value]) => (typeof value === 'string' ? [] : [{ field: `query.${name}`, message: 'must be a string' }]));
}

/** The target URL: the base URL's path plus `path`, checked to stay on the base URL's origin and under its path. */
export function targetUrl(baseUrl: string, path: string, query: Record<string, string>): string {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const target = new URL(`${base.origin}${basePath}${path}`);
  if (target.origin !== base.origin || !target.pathname.startsWith(`${basePath}/`)) throw invalidPassthrough([{ field: 'path', message: "must stay under the connection's base URL" }]);
  for (const [name, value] of Object.entries(query)) target.searchParams.append(name, value);
  return target.toString();
}

export function safeReplyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(SAFE_REPLY_HEADERS.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}

export function invalidPassthrough(errors: FieldProblem[]): ProblemException {
  return new ProblemException({ status: 422, type: 'urn:mate:problem:passthrough-refused', title: 'Passthrough request refused', detail: errors.map((error) => `${error.field} ${error.message}`).join('; '), extensions: { errors } });
}
