import { fetch, Headers, type Dispatcher, type RequestInit, type Response } from 'undici';
import { parseOutboundUrl } from './assert-safe-url';
import type { OutboundPolicy } from './outbound-policy';
import { OutboundRefusalCode, OutboundRequestRefusedError } from './outbound-refused.error';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * fetch through a guarded dispatcher (createGuardedDispatcher with the same policy). Redirects are
 * never followed by undici: up to `policy.maxRedirects` are followed here, each hop's URL checked
 * again and its connection checked by the dispatcher; credentials headers are dropped when a hop
 * changes origin. Past the bound: OutboundRequestRefusedError TOO_MANY_REDIRECTS. A 307/308 resends
 * the body, so follow those only with a body that can be sent twice (text, bytes).
 */
export async function guardedFetch(
  input: string | URL,
  init: Omit<RequestInit, 'dispatcher' | 'redirect'>,
  guard: { policy: OutboundPolicy; dispatcher: Dispatcher },
): Promise<Response> {
  const maxRedirects = guard.policy.maxRedirects ?? 0;
  let url = parseOutboundUrl(input);
  let request: RequestInit = { ...init, redirect: 'manual', dispatcher: guard.dispatcher };
  for (let hop = 0; ; hop += 1) {
    const response = await fetch(url, request).catch(unwrapRefusal);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || maxRedirects === 0) return response;
    await response.body?.cancel();
    if (hop === maxRedirects) {
      throw new OutboundRequestRefusedError(OutboundRefusalCode.TOO_MANY_REDIRECTS, `more than ${maxRedirects} redirects`, url.hostname);
    }
    const next = parseOutboundUrl(new URL(location, url));
    request = redirectedRequest(request, response.status, url, next);
    url = next;
  }
}

/** 303 (and 301/302 after a POST, as browsers do) turn into a body-less GET; 307/308 keep both. */
function redirectedRequest(request: RequestInit, status: number, from: URL, to: URL): RequestInit {
  const headers = new Headers(request.headers);
  if (from.origin !== to.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
  const method = (request.method ?? 'GET').toUpperCase();
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  if (!toGet) return { ...request, headers };
  headers.delete('content-type');
  headers.delete('content-length');
  return { ...request, method: 'GET', body: undefined, headers };
}

function unwrapRefusal(error: unknown): never {
  if (error instanceof Error && error.cause instanceof OutboundRequestRefusedError) throw error.cause;
  throw error;
}
