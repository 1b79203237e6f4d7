import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  WorkRequestApprovedSchema,
  WorkRequestRejectedSchema,
  WorkRequestSubmittedSchema,
  type WorkRequestApproved,
  type WorkRequestRejected,
  type WorkRequestSubmitted,
} from '@mate/contracts';
import { OnEvent, type EventContext } from '@mate/messaging';
import { eventTime, requireUuid, sourceEventOf } from '../alert-sources';
import { TellRequester } from './use-cases/tell-requester';

/**
 * Work requests (mate.work-orders.v1): the requester hears of the decision. The contact given
 * with the request comes with WorkRequestSubmitted (same key as the decision, so it arrives first).
 */
@Controller()
export class WorkRequestEventsHandler {
  constructor(@Inject(TellRequester) private readonly tellRequester: TellRequester) {}

  @OnEvent(WorkRequestSubmittedSchema)
  onSubmitted(@Payload() event: WorkRequestSubmitted, @Ctx() ctx: EventContext): Promise<void> {
    const contact = {
      requestId: requireUuid(event.requestId, 'request_id'),
      requesterId: event.requesterId,
      title: event.title,
      name: event.contact?.name ?? '',
      email: event.contact?.email ?? '',
    };
    return this.tellRequester.remember(ctx.manager, sourceEventOf(ctx), contact, eventTime(event.submittedAt, ctx));
  }

  @OnEvent(WorkRequestApprovedSchema)
  onApproved(@Payload() event: WorkRequestApproved, @Ctx() ctx: EventContext): Promise<void> {
    return this.tellRequester.execute(ctx.manager, sourceEventOf(ctx), {
      outcome: 'approved',
      requestId: requireUuid(event.requestId, 'request_id'),
      requesterId: event.requesterId,
      decidedAt: eventTime(event.approvedAt, ctx),
      workOrderNumber: event.workOrderNumber,
    });
  }

  @OnEvent(WorkRequestRejectedSchema)
  onRejected(@Payload() event: WorkRequestRejected, @Ctx() ctx: EventContext): Promise<void> {
    return this.tellRequester.execute(ctx.manager, sourceEventOf(ctx), {
      outcome: 'rejected',
      requestId: requireUuid(event.requestId, 'request_id'),
      requesterId: event.requesterId,
      decidedAt: eventTime(event.rejectedAt, ctx),
      reason: event.reason,
    });
  }
}
