/** An upstream request as an adapter builds it; the HTTP client adds nothing but transport. */
export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Absolute URL. Query strings can carry keys (Fiix): never logged or traced. */
  url: string;
  headers?: Record<string, string>;
  /** A JSON value, or a form already encoded as text. */
  body?: unknown;
  /** Names the call in spans and errors, e.g. `probe`, `token`, `list workOrder`. */
  operation: string;
}

export interface UpstreamReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON; `undefined` when it is not (HTML logon pages) or is truncated. */
  json: unknown;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a 2xx claims JSON but the body does not parse: a malformed (truncated) reply. */
export function isMalformedJson(reply: UpstreamReply): boolean {
  return (reply.headers['content-type'] ?? '').includes('json') && reply.text.length > 0 && reply.json === undefined;
}

export function retryAfterSeconds(reply: UpstreamReply): number | undefined {
  const value = Number(reply.headers['retry-after']);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
