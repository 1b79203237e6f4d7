export const REDACTED = '[Redacted]';

/** Keys whose values never reach a log line, wherever they are nested. */
const SECRET_KEY = /pass(word|wd|phrase)?$|secret|token|api[-_]?key|credential|authorization|cookie|private[-_]?key/i;

/** Header paths pino redacts after serializing requests and responses. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const MAX_DEPTH = 8;

/**
 * Returns a copy of a log object with every secret-named key replaced, at any depth. Only plain
 * objects and arrays are walked: requests, errors and other class instances go to pino's
 * serializers (and the header paths above) untouched.
 */
export function redactSecrets(value: Record<string, unknown>): Record<string, unknown> {
  return redactObject(value, 0);
}

function redactObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(child, depth + 1);
  }
  return copy;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (isPlainObject(value)) return redactObject(value, depth);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
