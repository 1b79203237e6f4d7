import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PmOccurrencesMissedSchema, type PmOccurrencesMissed } from '@mate/contracts';
import { OnEvent, type EventContext } from '@mate/messaging';
import { eventTime, occurrenceOf, requireUuid } from '../alert-sources';
import { RecordAlertOccurrence } from '../alerts';

/**
 * Preventive maintenance (mate.pm-scheduling.v1): missed occurrences of a plan's stream (one
 * asset) open a warning for the tenant; further misses of that stream raise its count.
 */
@Controller()
export class PmAlertsHandler {
  constructor(@Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence) {}

  @OnEvent(PmOccurrencesMissedSchema)
  async onOccurrencesMissed(@Payload() event: PmOccurrencesMissed, @Ctx() ctx: EventContext): Promise<void> {
    const planId = requireUuid(event.planId, 'plan_id');
    const assetId = requireUuid(event.assetId, 'asset_id');
    const firstAt = eventTime(event.firstAt, ctx).toISOString();
    const lastAt = eventTime(event.lastAt, ctx).toISOString();
    const command = occurrenceOf('pm.occurrences_missed', ctx, {
      subjectId: planId,
      subjectName: null,
      scope: `asset:${assetId}`,
      occurredAt: new Date(ctx.envelope.time),
      title: `${event.count} preventive maintenance occurrence(s) missed`,
      summary: `Plan ${planId} on asset ${assetId} missed ${event.count} occurrence(s) from ${firstAt} to ${lastAt}.`,
    });
    await this.record.execute(ctx.manager, command);
  }
}
