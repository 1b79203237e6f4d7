import type { Dispatcher } from 'undici';
import { createGuardedDispatcher, type GuardedDispatcherOptions } from './guarded-dispatcher';
import type { OutboundPolicy } from './outbound-policy';

/** How each tenant's dispatchers are built: the policy beside the allow-list, and the timeouts. */
export interface TenantDispatchersOptions extends GuardedDispatcherOptions {
  /** Everything of the policy but the allow-list, which is the tenant's (e.g. a test's resolver). */
  policy?: Omit<OutboundPolicy, 'allowList'>;
}

/**
 * One guarded dispatcher per tenant and allow-list (security.md: an allow-list per tenant, managed by
 * its administrator). A dispatcher is kept for its connection pool while the tenant's list stays the
 * same; a changed list gets a new one and the old one is closed once its requests finish. Each
 * service keeps its own table and admin API and tells the cache what it read
 * (`remember`) in the caller's tenant transaction.
 */
export class TenantDispatchers {
  private readonly dispatchers = new Map<string, { key: string; dispatcher: Dispatcher }>();

  constructor(private readonly options: TenantDispatchersOptions = {}) {}

  /** The dispatcher of the tenant's allow-list as read now (a new one when the list changed). */
  remember(tenantId: string, allowList: readonly string[]): Dispatcher {
    const key = allowList.join('\n');
    const current = this.dispatchers.get(tenantId);
    if (current?.key === key) return current.dispatcher;
    const { policy, ...dispatcherOptions } = this.options;
    const dispatcher = createGuardedDispatcher({ maxRedirects: 0, ...policy, allowList: [...allowList] }, dispatcherOptions);
    this.dispatchers.set(tenantId, { key, dispatcher });
    void current?.dispatcher.close().catch(() => undefined);
    return dispatcher;
  }

  /** The dispatcher of the tenant's last remembered allow-list (public addresses only before one). */
  dispatcherFor(tenantId: string): Dispatcher {
    return this.dispatchers.get(tenantId)?.dispatcher ?? this.remember(tenantId, []);
  }

  /** Closes every dispatcher (at shutdown). */
  async close(): Promise<void> {
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map(({ dispatcher }) => dispatcher.close().catch(() => undefined)));
  }
}
