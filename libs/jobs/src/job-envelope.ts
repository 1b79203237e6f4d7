/**
 * What a job row's `data` holds: the payload plus what the platform needs around it. The producer's
 * trace context travels with the job so the handler's span joins the trace that sent it.
 */
export interface JobEnvelope<P extends object = object> {
  /** Null for a system job. */
  readonly tenantId: string | null;
  readonly payload: P;
  readonly traceparent?: string;
  readonly tracestate?: string;
}
