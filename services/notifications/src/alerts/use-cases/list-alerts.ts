import { Inject, Injectable } from '@nestjs/common';
import { KeysetPage, TenantTransactions, type CursorPageQuery, type KeysetOrder, type Page, type Principal } from '@mate/service-kit';
import type { Alert } from '../alert.entity';
import { AlertRepository, type AlertFilters } from '../alert.repository';
import { InboxPreferences } from '../inbox-preferences';

/** Most recently seen first; ties by id. */
const INBOX_ORDER: KeysetOrder = {
  tag: 'inbox',
  descending: true,
  columns: [
    { name: 'at', sql: 'alert.last_seen_at', type: 'timestamptz' },
    { name: 'id', sql: 'alert.id', type: 'uuid' },
  ],
};

/** The in-app inbox: the tenant's alerts and the reader's own (less what their preferences keep out of the app), filtered, in keyset pages. */
@Injectable()
export class ListAlerts {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(InboxPreferences) private readonly preferences: InboxPreferences,
  ) {}

  execute(principal: Principal, filters: AlertFilters, query: CursorPageQuery): Promise<Page<Alert>> {
    const page = new KeysetPage(INBOX_ORDER, query);
    return this.transactions.run(principal, async (manager) =>
      this.alerts.page(manager, principal.tenantId, await this.preferences.viewer(manager, principal.tenantId, principal.subject), filters, page),
    );
  }
}
