import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  BulkheadRejectedError,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  handleWhen,
  retry,
  timeout,
  wrap,
  type BulkheadPolicy,
} from 'cockatiel';
import { OutboundRequestRefusedError } from '@mate/net-guard';
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import type { SystemKind } from './adapter';
import { UpstreamFailure, type FailureClass } from './failure';
import { isMalformedJson, retryAfterSeconds, type UpstreamReply, type UpstreamRequest } from './upstream-reply';

export interface UpstreamHttpOptions {
  /**
   * Where a tenant's sockets come from: the SSRF guard's dispatcher for the tenant's outbound
   * policy in the service; undici's global agent when absent (tests of the adapters alone).
   */
  dispatcherFor?: (tenantId: string) => Dispatcher;
  /** One attempt, connect to last byte. */
  timeoutMs: number;
  /** Requests in flight per connection; more wait in a queue of `maxQueuedPerConnection`. */
  maxConcurrentPerConnection: number;
  maxQueuedPerConnection: number;
  /** Further attempts of an idempotent request after a transient failure. */
  retries: number;
  /** Told of every call once it ends (the latency histogram on /metrics): never a URL, header or body. */
  observe?: (call: UpstreamCallObservation) => void;
}

/**
 * How a call ended: `ok`, a failure class, or `refused` by the SSRF guard before connecting. With
 * the system, a bounded set of labels (6 systems x 10 outcomes).
 */
export type UpstreamOutcome = 'ok' | 'refused' | FailureClass;

export interface UpstreamCallObservation {
  system: SystemKind;
  outcome: UpstreamOutcome;
  /** From the first attempt to the last byte of the last one, retries and waits in the bulkhead included. */
  seconds: number;
}

export const DEFAULT_UPSTREAM_HTTP_OPTIONS: UpstreamHttpOptions = {
  timeoutMs: 15_000,
  maxConcurrentPerConnection: 4,
  maxQueuedPerConnection: 100,
  retries: 2,
};

/** Whose call this is: the bulkhead and the span attributes. */
export interface CallScope {
  system: SystemKind;
  tenantId: string;
  connectionId: string;
}

/** Reads a reply: a FailureClass when it is a failure, `undefined` when it is a success. */
export type ReplyClassifier = (reply: UpstreamReply) => FailureClass | undefined;

const tracer = trace.getTracer('mate.connectors.upstream');
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * The one outbound HTTP client of the connectors service (undici). Per call: a timeout per
 * attempt, a bulkhead per connection (bounded concurrency, so one slow customer system cannot take
 * every socket), retries with backoff for transient failures of idempotent requests, and a client
 * span that carries the system, operation, path and status but never a header, query string or
 * body (they hold keys, tokens and signatures). Redirects are not followed.
 */
export class UpstreamHttp {
  private readonly bulkheads = new Map<string, BulkheadPolicy>();
  private readonly options: UpstreamHttpOptions;

  constructor(options: Partial<UpstreamHttpOptions> = {}) {
    this.options = { ...DEFAULT_UPSTREAM_HTTP_OPTIONS, ...options };
  }

  /** Sends the request; returns a successful reply or throws a classified UpstreamFailure. */
  async send(scope: CallScope, upstream: UpstreamRequest, classify: ReplyClassifier): Promise<UpstreamReply> {
    const started = performance.now();
    let outcome: UpstreamOutcome = 'ok';
    try {
      return await this.sendTraced(scope, upstream, classify);
    } catch (error) {
      // sendTraced throws classified failures, or the SSRF guard's refusal.
      outcome = error instanceof UpstreamFailure ? error.classification : 'refused';
      throw error;
    } finally {
      this.options.observe?.({ system: scope.system, outcome, seconds: (performance.now() - started) / 1000 });
    }
  }

  private sendTraced(scope: CallScope, upstream: UpstreamRequest, classify: ReplyClassifier): Promise<UpstreamReply> {
    const retries = IDEMPOTENT.has(upstream.method) ? this.options.retries : 0;
    const policy = wrap(
      retry(handleWhen((error) => error instanceof UpstreamFailure && error.classification === 'transient'), {
        maxAttempts: retries,
        backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
      }),
      this.bulkheadFor(scope.connectionId),
      timeout(this.options.timeoutMs, TimeoutStrategy.Aggressive),
    );
    return tracer.startActiveSpan(`${scope.system} ${upstream.operation}`, { kind: SpanKind.CLIENT, attributes: spanAttributes(scope, upstream) }, async (span) => {
      try {
        const reply = await policy.execute(({ signal }) => this.attempt(scope, upstream, classify, signal, span));
        span.setStatus({ code: SpanStatusCode.OK });
        return reply;
      } catch (error) {
        // The SSRF guard refused the address before connecting: the base URL's fault, not the system's.
        const refusal = outboundRefusal(error);
        if (refusal) throw refusal;
        const failure = asUpstreamFailure(error, scope, upstream);
        span.setAttribute('mate.failure.class', failure.classification);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        throw failure;
      } finally {
        span.end();
      }
    });
  }

  /** Drops the bulkhead of a deleted connection. */
  forget(connectionId: string): void {
    this.bulkheads.delete(connectionId);
  }

  private async attempt(scope: CallScope, upstream: UpstreamRequest, classify: ReplyClassifier, signal: AbortSignal, span: Span): Promise<UpstreamReply> {
    const reply = await this.exchange(scope, upstream, signal);
    span.setAttribute('http.response.status_code', reply.status);
    const failure = isMalformedJson(reply) && reply.status < 300 ? 'transient' : classify(reply);
    if (failure === undefined) return reply;
    throw new UpstreamFailure(failure, {
      system: scope.system,
      operation: upstream.operation,
      status: reply.status,
      retryAfterSeconds: retryAfterSeconds(reply),
    });
  }

  private async exchange(scope: CallScope, upstream: UpstreamRequest, signal: AbortSignal): Promise<UpstreamReply> {
    const isText = typeof upstream.body === 'string';
    const response = await request(upstream.url, {
      method: upstream.method,
      headers: {
        accept: 'application/json',
        ...(upstream.body === undefined ? {} : { 'content-type': isText ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...upstream.headers,
      },
      body: upstream.body === undefined ? undefined : isText ? (upstream.body as string) : JSON.stringify(upstream.body),
      dispatcher: this.options.dispatcherFor?.(scope.tenantId),
      signal,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: flattenHeaders(response.headers), text, json: parseJson(text) };
  }

  private bulkheadFor(connectionId: string): BulkheadPolicy {
    let policy = this.bulkheads.get(connectionId);
    if (!policy) {
      policy = bulkhead(this.options.maxConcurrentPerConnection, this.options.maxQueuedPerConnection);
      this.bulkheads.set(connectionId, policy);
    }
    return policy;
  }
}

function spanAttributes(scope: CallScope, upstream: UpstreamRequest): Record<string, string> {
  const url = new URL(upstream.url);
  return {
    'mate.connector.system': scope.system,
    'mate.connection.id': scope.connectionId,
    'http.request.method': upstream.method,
    'server.address': url.hostname,
    'url.path': url.pathname,
  };
}

/** Network errors, timeouts and a full bulkhead become classified failures; messages of the cause are not kept (they can quote URLs). */
function asUpstreamFailure(error: unknown, scope: CallScope, upstream: UpstreamRequest): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const classification: FailureClass = error instanceof BulkheadRejectedError ? 'rate_limited' : 'transient';
  const code = error instanceof TaskCancelledError ? 'timeout' : error instanceof BulkheadRejectedError ? 'bulkhead_full' : networkCode(error);
  return new UpstreamFailure(classification, { system: scope.system, operation: upstream.operation, code });
}

function outboundRefusal(error: unknown): OutboundRequestRefusedError | undefined {
  if (error instanceof OutboundRequestRefusedError) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause instanceof OutboundRequestRefusedError ? cause : undefined;
}

function networkCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'network_error';
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
