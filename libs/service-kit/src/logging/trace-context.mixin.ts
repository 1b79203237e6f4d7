import { isSpanContextValid, trace } from '@opentelemetry/api';

/** pino `mixin`: every log line carries the active span's ids, so logs and traces join up. */
export function traceContextMixin(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
