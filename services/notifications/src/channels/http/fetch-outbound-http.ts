import type { OutboundHttp, OutboundPost, OutboundResult } from './outbound-http';

/** The fetch the service posts with: in production the SSRF-guarded one, in tests any. */
export type PostFetch = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal; tenantId?: string }) => Promise<{
  status: number;
  body: { cancel(): Promise<void> } | null;
}>;

/** Tells a refusal by the outbound policy apart from a network failure (the guard's error class). */
export type IsPolicyRefusal = (error: unknown) => boolean;

/** OutboundHttp over a fetch: a timeout per request, the response body discarded unread. */
export class FetchOutboundHttp implements OutboundHttp {
  constructor(
    private readonly fetchFn: PostFetch,
    private readonly isPolicyRefusal: IsPolicyRefusal,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async post(request: OutboundPost): Promise<OutboundResult> {
    const started = this.now();
    const latency = (): number => Math.round(this.now() - started);
    try {
      const response = await this.fetchFn(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs),
        tenantId: request.tenantId,
      });
      await response.body?.cancel();
      return { kind: 'response', status: response.status, latencyMs: latency() };
    } catch (error) {
      if (this.isPolicyRefusal(error)) return { kind: 'failed', reason: 'refused_by_policy', latencyMs: latency() };
      // An abort is a DOMException, not always an Error of this realm: tell it by name.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return { kind: 'failed', reason: timedOut ? 'timeout' : 'connection', latencyMs: latency() };
    }
  }
}
