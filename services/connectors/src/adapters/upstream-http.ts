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
import { setTimeout as sleep } from 'node:timers/promises';
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
  /**
   * The proactive rate budget: resolves once an attempt may go (it waits, never fails, up to its
   * own bound; then it throws and the call fails `rate_limited`). Absent: no budget.
   */
  budget?: (scope: CallScope, method: UpstreamRequest['method']) => Promise<void>;
  /** A 429 (or throttling 403) is waited out per its Retry-After this many times before the call fails `rate_limited`. */
  rateLimitRetries: number;
  /** The longest single Retry-After honoured; a system asking for more fails the call `rate_limited` at once. */
  maxRetryAfterMs: number;
  /** Told of every wait a throttled call made: Retry-After here (the budget reports its own). */
  observeThrottle?: (system: SystemKind, reason: 'retry_after', seconds: number) => void;
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
  // The service sets its own (CONNECTORS_RATE_LIMIT_RETRIES); alone, a client reports throttling at once.
  rateLimitRetries: 0,
  maxRetryAfterMs: 30_000,
};

/** Retry-After missing on a throttling reply: wait this long, as most systems mean "in a second". */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Whose call this is: the bulkhead and the span attributes. */
export interface CallScope {
  system: SystemKind;
  tenantId: string;
  connectionId: string;
  /** The connection's settings (its rate budget overrides); nothing secret. */
  settings?: Readonly<Record<string, string>>;
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
      return await this.sendHonouringRetryAfter(scope, upstream, classify);
    } catch (error) {
      // sendTraced throws classified failures, or the SSRF guard's refusal.
      outcome = error instanceof UpstreamFailure ? error.classification : 'refused';
      throw error;
    } finally {
      this.options.observe?.({ system: scope.system, outcome, seconds: (performance.now() - started) / 1000 });
    }
  }

  /**
   * A throttled reply means the system did not act on the request, so it is sent again, also a
   * write, after the wait the system asked for; bounded in count and length (see the options), so
   * a sync slowed by a limit completes and one facing an unbounded wait fails `rate_limited`.
   */
  private async sendHonouringRetryAfter(scope: CallScope, upstream: UpstreamRequest, classify: ReplyClassifier): Promise<UpstreamReply> {
    for (let waits = 0; ; waits += 1) {
      try {
        // Before the bulkhead and the attempt's timeout: a budget wait is not the system being slow.
        await this.spendBudget(scope, upstream);
        return await this.sendTraced(scope, upstream, classify);
      } catch (error) {
        const waitMs = this.retryAfterWait(error, waits);
        if (waitMs === undefined) throw error;
        await sleep(waitMs);
        this.options.observeThrottle?.(scope.system, 'retry_after', waitMs / 1000);
      }
    }
  }

  private retryAfterWait(error: unknown, waitsSoFar: number): number | undefined {
    if (!(error instanceof UpstreamFailure) || error.classification !== 'rate_limited' || error.detail.status === undefined) return undefined;
    if (waitsSoFar >= this.options.rateLimitRetries) return undefined;
    const waitMs = error.detail.retryAfterSeconds === undefined ? DEFAULT_RETRY_AFTER_MS : error.detail.retryAfterSeconds * 1000;
    return waitMs <= this.options.maxRetryAfterMs ? waitMs : undefined;
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

  private async spendBudget(scope: CallScope, upstream: UpstreamRequest): Promise<void> {
    if (!this.options.budget) return;
    try {
      await this.options.budget(scope, upstream.method);
    } catch {
      // Waited as long as allowed: the call fails throttled (not transient: no quick retry).
      throw new UpstreamFailure('rate_limited', { system: scope.system, operation: upstream.operation, code: 'budget_exhausted' });
    }
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
