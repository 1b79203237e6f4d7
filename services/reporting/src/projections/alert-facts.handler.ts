import {
  AlertAcknowledgedSchema,
  AlertEscalatedSchema,
  AlertOpenedSchema,
  AlertResolvedSchema,
  AlertSeverity,
  AlertUpdatedSchema,
  DeliveryFailedSchema,
  DeliverySucceededSchema,
  topicSpecFor,
  WebhookEndpointDisabledSchema,
  type AlertAcknowledged,
  type AlertOpened,
  type AlertResolved,
  type AlertUpdated,
} from '@mate/contracts';
import { EventContext, OnEvent, subscribe } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AlertSeverity as SeverityName } from '../kpis';
import { timeField, uuidField } from './event-fields';
import { HealthFactWriter } from './health-fact-writer';
import { Projection } from './projection';

const SEVERITIES: Record<AlertSeverity, SeverityName> = {
  [AlertSeverity.UNSPECIFIED]: 'info',
  [AlertSeverity.INFO]: 'info',
  [AlertSeverity.WARNING]: 'warning',
  [AlertSeverity.CRITICAL]: 'critical',
};

/**
 * The notifications service's alerts (mate.notifications.v1) → alert_facts (one row per alert:
 * type, severity, subject, opened, acknowledged, resolved) and alert_repeat_facts (its repeats by
 * UTC day), for alert volume.
 */
@Controller()
export class AlertFactsHandler {
  constructor(@Inject(Projection) private readonly projection: Projection) {}

  @OnEvent(AlertOpenedSchema)
  async onOpened(@Payload() event: AlertOpened, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await HealthFactWriter.openAlert(ctx.manager, ctx.tenantId, {
      alertId: uuidField(event.alertId, 'alert_id'),
      type: event.type,
      severity: SEVERITIES[event.severity] ?? 'info',
      subjectKind: event.subject?.kind ?? '',
      subjectId: event.subject?.id ?? '',
      openedAt: timeField(event.openedAt, 'opened_at'),
    });
  }

  @OnEvent(AlertUpdatedSchema)
  async onUpdated(@Payload() event: AlertUpdated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await HealthFactWriter.repeatAlert(ctx.manager, ctx.tenantId, uuidField(event.alertId, 'alert_id'), timeField(event.lastSeenAt, 'last_seen_at'));
  }

  @OnEvent(AlertAcknowledgedSchema)
  async onAcknowledged(@Payload() event: AlertAcknowledged, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await HealthFactWriter.acknowledgeAlert(ctx.manager, ctx.tenantId, uuidField(event.alertId, 'alert_id'), timeField(event.acknowledgedAt, 'acknowledged_at'));
  }

  @OnEvent(AlertResolvedSchema)
  async onResolved(@Payload() event: AlertResolved, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await HealthFactWriter.resolveAlert(ctx.manager, ctx.tenantId, uuidField(event.alertId, 'alert_id'), timeField(event.resolvedAt, 'resolved_at'));
  }
}

const NOT_ALERT_VOLUME = 'deliveries are not alerts: alert volume counts alerts';

/** What reporting consumes from mate.notifications.v1. */
export const ALERT_EVENTS = subscribe(topicSpecFor('notifications'), {
  handlers: [AlertFactsHandler],
  ignored: [
    { schema: AlertEscalatedSchema, reason: 'an escalation tells more people about the same alert: not more volume' },
    { schema: DeliverySucceededSchema, reason: NOT_ALERT_VOLUME },
    { schema: DeliveryFailedSchema, reason: NOT_ALERT_VOLUME },
    { schema: WebhookEndpointDisabledSchema, reason: NOT_ALERT_VOLUME },
  ],
});
