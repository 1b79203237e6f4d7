import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import { SERVICE_CONFIG } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { RecordAlertOccurrence } from '../../alerts';
import type { DeliveryOutcome } from '../../channels';
import type { NotificationsConfig } from '../../config/notifications.config';
import { endpointHealthAfter, EndpointRepository } from '../../endpoints';
import { webhookEndpointDisabled } from '../delivery.events';

/**
 * After each attempt to a webhook or chat endpoint, in the attempt's transaction: a success ends
 * its failing period; failing for longer than WEBHOOK_DISABLE_AFTER_HOURS disables it
 * (`WebhookEndpointDisabled`) and raises a `webhook_endpoint.disabled` alert, routed like any
 * other and listed in the inbox, so the tenant's admins hear of it. PATCH `enabled: true` re-enables.
 */
@Injectable()
export class TrackEndpointHealth {
  constructor(
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(RecordAlertOccurrence) private readonly alerts: RecordAlertOccurrence,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /**
   * The endpoint row is locked only when the attempt changes its health. Most attempts are
   * successes of a healthy endpoint and change nothing: locking the row for each of them made the
   * concurrent deliveries of a burst to one endpoint (B8) commit one after the other. A change is
   * decided again under the lock, so two attempts racing on a change apply it once.
   */
  async afterAttempt(manager: EntityManager, tenantId: string, endpointId: string, outcome: DeliveryOutcome, at: Date): Promise<void> {
    const disableAfterMs = this.config.extra.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000;
    const seen = await this.endpoints.findEndpoint(manager, tenantId, endpointId);
    if (!seen || endpointHealthAfter(seen, outcome.kind, at, disableAfterMs) === null) return;
    const endpoint = await this.endpoints.findEndpoint(manager, tenantId, endpointId, { forUpdate: true });
    if (!endpoint) return;
    const change = endpointHealthAfter(endpoint, outcome.kind, at, disableAfterMs);
    if (change === null) return;
    if (!change.disable || change.failingSince === null) {
      await this.endpoints.saveEndpoint(manager, { ...endpoint, failingSince: change.failingSince });
      return;
    }
    const failingSince = change.failingSince;
    await this.endpoints.saveEndpoint(manager, { ...endpoint, failingSince, enabled: false, disabledAt: at, version: endpoint.version + 1, updatedAt: at });
    const hours = this.config.extra.WEBHOOK_DISABLE_AFTER_HOURS;
    const reason = `its deliveries failed for ${hours} h without a success`;
    const [eventId] = await this.outbox.append(manager, [webhookEndpointDisabled({ tenantId, id: endpoint.id, failingSince }, reason, at)]);
    const name = endpoint.description || `${endpoint.kind} endpoint ${endpoint.id}`;
    await this.alerts.execute(manager, {
      tenantId,
      type: 'webhook_endpoint.disabled',
      severity: 'warning',
      subject: { kind: 'service', id: endpoint.id },
      eventId,
      occurredAt: at,
      title: `${name} was disabled`,
      summary: `The endpoint was disabled because ${reason}. Fix the receiver, then re-enable it.`,
      subjectName: name,
    });
  }
}
