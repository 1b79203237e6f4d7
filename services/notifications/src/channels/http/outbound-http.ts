/** A POST to a tenant-supplied URL: the port the webhook and chat senders share. */
export interface OutboundPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The tenant whose outbound allow-list applies (absent: the deployment's only). */
  tenantId?: string;
}

/** The receiver's status, or how the request failed before one came back. The body is never read. */
export type OutboundResult =
  | { kind: 'response'; status: number; latencyMs: number }
  | { kind: 'failed'; reason: 'timeout' | 'connection' | 'refused_by_policy'; latencyMs: number };

/**
 * Sends one POST. The service's implementation goes through the SSRF guard (the URL and every
 * address it resolves to are checked before a socket opens; redirects are not followed).
 */
export interface OutboundHttp {
  post(request: OutboundPost): Promise<OutboundResult>;
}
