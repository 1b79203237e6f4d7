import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PmOccurrencesMissedSchema, type PmOccurrencesMissed } from '@mate/contracts';
import { OnEvent, type EventContext } from '@mate/messaging';
import { eventTime, requireUuid, sourceEventOf } from '../alert-sources';
import { AlertMissedOccurrences } from './use-cases/alert-missed-occurrences';

/** Preventive maintenance (mate.pm-scheduling.v1): missed occurrences. In the inbox transaction. */
@Controller()
export class PmEventsHandler {
  constructor(@Inject(AlertMissedOccurrences) private readonly alertMissed: AlertMissedOccurrences) {}

  @OnEvent(PmOccurrencesMissedSchema)
  onOccurrencesMissed(@Payload() event: PmOccurrencesMissed, @Ctx() ctx: EventContext): Promise<void> {
    return this.alertMissed.execute(ctx.manager, sourceEventOf(ctx), {
      planId: requireUuid(event.planId, 'plan_id'),
      assetId: requireUuid(event.assetId, 'asset_id'),
      count: event.count,
      firstAt: eventTime(event.firstAt, ctx),
      lastAt: eventTime(event.lastAt, ctx),
    });
  }
}
