import { trace, TraceFlags } from '@opentelemetry/api';
import { traceContextMixin } from './trace-context.mixin';

describe('traceContextMixin', () => {
  afterEach(() => jest.restoreAllMocks());

  it('adds nothing outside a span', () => {
    expect(traceContextMixin()).toEqual({});
  });

  it('adds the active span’s trace and span ids', () => {
    const span = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    jest.spyOn(trace, 'getActiveSpan').mockReturnValue(span);
    expect(traceContextMixin()).toEqual({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
  });
});
