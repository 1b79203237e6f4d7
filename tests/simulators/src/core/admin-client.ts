/** A typed client of the admin API, for tests (in-process or against a simulator started from the command line). */
import type { Permission, Secrets } from './credentials';
import type { FaultInput, FaultRule } from './faults';
import type { RateLimitSettings } from './rate-limit';
import type { RequestCounts } from './request-log';
import type { CollectionSpec, Fields } from './store';

export interface AdminCredential {
  id: string;
  accountId: string;
  status: 'active' | 'revoked';
  secrets: Secrets;
}

export interface AdminRecord {
  id: number;
  fields: Fields;
  version: number;
  createdAt: string;
  modifiedAt: string;
  deleted: boolean;
}

export interface AdminOverview {
  system: string;
  title: string;
  apiUrl: string;
  credentials: AdminCredential[];
  account: { id: string; permissions: Permission[] };
  collections: CollectionSpec[];
  sessionTtlSeconds: number;
  rateLimit: RateLimitSettings | null;
}

export class SimulatorAdmin {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  overview(): Promise<AdminOverview> {
    return this.call('GET', '/');
  }

  async credential(id: string): Promise<AdminCredential> {
    const found = (await this.call<AdminCredential[]>('GET', '/credentials')).find((c) => c.id === id);
    if (!found) throw new Error(`no credential ${id}`);
    return found;
  }

  /** New random values for the rotatable secrets, or the given ones (UpKeep: `{ password }` is a password change). */
  rotate(credentialId: string, values: Secrets = {}): Promise<AdminCredential> {
    return this.call('POST', `/credentials/${encodeURIComponent(credentialId)}/rotate`, values);
  }

  revoke(credentialId: string): Promise<AdminCredential> {
    return this.call('POST', `/credentials/${encodeURIComponent(credentialId)}/revoke`);
  }

  reinstate(credentialId: string): Promise<AdminCredential> {
    return this.call('POST', `/credentials/${encodeURIComponent(credentialId)}/reinstate`);
  }

  /** Lets issued tokens or sessions run out now (all, or one credential's). */
  expireSessions(credentialId?: string): Promise<{ expired: number }> {
    return this.call('POST', '/sessions/expire', credentialId ? { credentialId } : {});
  }

  removePermission(permission: Permission, account = 'integration'): Promise<unknown> {
    return this.call('DELETE', `/accounts/${account}/permissions/${permission}`);
  }

  grantPermission(permission: Permission, account = 'integration'): Promise<unknown> {
    return this.call('PUT', `/accounts/${account}/permissions/${permission}`);
  }

  injectFault(fault: FaultInput): Promise<FaultRule> {
    return this.call('POST', '/faults', fault);
  }

  faults(): Promise<FaultRule[]> {
    return this.call('GET', '/faults');
  }

  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults');
  }

  settings(settings: { rateLimit?: RateLimitSettings | null; sessionTtlSeconds?: number }): Promise<unknown> {
    return this.call('PUT', '/settings', settings);
  }

  records(collection: string): Promise<AdminRecord[]> {
    return this.call('GET', `/data/${encodeURIComponent(collection)}`);
  }

  seed(collection: string, records: Fields[]): Promise<AdminRecord[]> {
    return this.call('POST', `/data/${encodeURIComponent(collection)}`, records);
  }

  /** A change made by someone else in the system: new version and modification time. */
  change(collection: string, id: number, fields: Fields): Promise<AdminRecord> {
    return this.call('PATCH', `/data/${encodeURIComponent(collection)}/${id}`, fields);
  }

  softDelete(collection: string, id: number): Promise<AdminRecord> {
    return this.call('DELETE', `/data/${encodeURIComponent(collection)}/${id}`);
  }

  requests(): Promise<RequestCounts> {
    return this.call('GET', '/requests');
  }

  resetRequests(): Promise<void> {
    return this.call('DELETE', '/requests');
  }

  /** Back to the starting state: seed data, original credentials, no faults, no counts. */
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/__admin${path === '/' ? '' : path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
