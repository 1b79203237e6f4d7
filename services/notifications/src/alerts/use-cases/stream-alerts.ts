import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { Observable } from 'rxjs';
import type { Alert } from '../alert.entity';
import { AlertRepository } from '../alert.repository';
import { InboxPreferences } from '../inbox-preferences';

export interface AlertStreamItem {
  /** The stream position: the SSE event id a client resumes after (Last-Event-ID). */
  position: string;
  alert: Alert;
}

export const STREAM_POLL_MS = 1_000;
const STREAM_BATCH = 100;

/**
 * The live stream of alert changes for one user (the tenant's alerts and their own personal ones,
 * less the kinds their preferences keep out of the app, read at each poll): each change once, in order, as the
 * alert is after it. A client that reconnects with Last-Event-ID gets every alert changed since
 * (its current state), then the live changes. Polls the alerts table (one indexed query a second
 * per open stream) rather than holding a database session per client.
 */
@Injectable()
export class StreamAlerts {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(InboxPreferences) private readonly preferences: InboxPreferences,
  ) {}

  execute(principal: Principal, lastEventId: string | undefined, pollMs = STREAM_POLL_MS): Observable<AlertStreamItem> {
    return new Observable<AlertStreamItem>((subscriber) => {
      let position = lastEventId && /^\d{1,19}$/.test(lastEventId) ? lastEventId : '0';
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const poll = async (): Promise<void> => {
        try {
          const changes = await this.transactions.run(principal, async (manager) =>
            this.alerts.changedAfter(manager, principal.tenantId, await this.preferences.viewer(manager, principal.tenantId, principal.subject), position, STREAM_BATCH),
          );
          for (const change of changes) {
            if (closed) return;
            subscriber.next(change);
            position = change.position;
          }
          if (!closed) timer = setTimeout(() => void poll(), changes.length === STREAM_BATCH ? 0 : pollMs);
        } catch (error) {
          subscriber.error(error);
        }
      };
      void poll();
      return () => {
        closed = true;
        clearTimeout(timer);
      };
    });
  }
}
