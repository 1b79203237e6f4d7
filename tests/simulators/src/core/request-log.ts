/** Every API request a simulator received, so a test can prove what was (and was not) sent. */

export interface LoggedRequest {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  /** The credential the request presented (current, old or revoked), or `anonymous`. */
  readonly credentialId: string;
  status?: number;
}

export interface RequestCounts {
  total: number;
  byCredential: Record<string, number>;
  /** Keyed `METHOD /path`. */
  byEndpoint: Record<string, number>;
  requests: LoggedRequest[];
}

export const ANONYMOUS = 'anonymous';
const KEPT = 1000;

export class RequestLog {
  private total = 0;
  private byCredential: Record<string, number> = {};
  private byEndpoint: Record<string, number> = {};
  private recent: LoggedRequest[] = [];

  record(method: string, path: string, credentialId: string | undefined): LoggedRequest {
    const entry: LoggedRequest = { at: new Date().toISOString(), method, path, credentialId: credentialId ?? ANONYMOUS };
    this.total += 1;
    this.byCredential[entry.credentialId] = (this.byCredential[entry.credentialId] ?? 0) + 1;
    const endpoint = `${method} ${path}`;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    this.recent.push(entry);
    if (this.recent.length > KEPT) this.recent.shift();
    return entry;
  }

  /** Counts since the start or the last reset, and the last 1000 requests. */
  counts(): RequestCounts {
    return { total: this.total, byCredential: { ...this.byCredential }, byEndpoint: { ...this.byEndpoint }, requests: [...this.recent] };
  }

  reset(): void {
    this.total = 0;
    this.byCredential = {};
    this.byEndpoint = {};
    this.recent = [];
  }
}
