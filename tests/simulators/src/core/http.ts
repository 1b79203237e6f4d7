import type { Response } from 'express';
import type { Reply } from './system';

export function sendReply(res: Response, reply: Reply): void {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.text !== undefined) {
    if (!res.getHeader('content-type')) res.type('text/plain');
    res.send(reply.text);
  } else if (reply.json !== undefined) {
    res.json(reply.json);
  } else {
    res.end();
  }
}

/** `Authorization: Basic base64(user:password)` (also Maximo's `maxauth`, which is the same without the scheme). */
export function decodeBasic(value: string | undefined, scheme: 'Basic' | null = 'Basic'): { user: string; password: string } | undefined {
  if (!value) return undefined;
  let encoded = value;
  if (scheme) {
    const [given, rest] = value.split(' ');
    if (given?.toLowerCase() !== scheme.toLowerCase() || !rest) return undefined;
    encoded = rest;
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function bearerToken(value: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}

/** RFC 9457 problem for the admin API, naming the field that is wrong. */
export function sendProblem(res: Response, status: number, title: string, detail: string, field?: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail, ...(field ? { errors: [{ field, message: detail }] } : {}) }));
}
