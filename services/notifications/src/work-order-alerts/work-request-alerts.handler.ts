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
import { eventTime, occurrenceOf, requireUuid } from '../alert-sources';
import { RecordAlertOccurrence, type RecordAlertOccurrenceCommand } from '../alerts';
import { RequestContactRepository, type RequestContact } from './request-contact.repository';

/**
 * Work requests (mate.work-orders.v1): the requester hears of the decision. The requester's own
 * inbox shows it (a personal alert), and the contact address given with the request is e-mailed
 * (a requester reporting for someone without an account). The decision events do not carry the
 * contact, so it is kept from WorkRequestSubmitted (same key, so it arrives first) until then.
 */
@Controller()
export class WorkRequestAlertsHandler {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(RequestContactRepository) private readonly contacts: RequestContactRepository,
  ) {}

  @OnEvent(WorkRequestSubmittedSchema)
  async onSubmitted(@Payload() event: WorkRequestSubmitted, @Ctx() ctx: EventContext): Promise<void> {
    const requestId = requireUuid(event.requestId, 'request_id');
    const contact: RequestContact = { requestId, requesterId: event.requesterId, title: event.title, name: event.contact?.name ?? '', email: event.contact?.email ?? '' };
    await this.contacts.remember(ctx.manager, ctx.tenantId, contact, eventTime(event.submittedAt, ctx));
  }

  @OnEvent(WorkRequestApprovedSchema)
  async onApproved(@Payload() event: WorkRequestApproved, @Ctx() ctx: EventContext): Promise<void> {
    const requestId = requireUuid(event.requestId, 'request_id');
    const contact = await this.contacts.takeForDecision(ctx.manager, ctx.tenantId, requestId);
    const request = contact?.title ? `“${contact.title}”` : 'Your work request';
    await this.notify(ctx, requestId, event.requesterId, contact, {
      type: 'work_request.approved',
      occurredAt: eventTime(event.approvedAt, ctx),
      title: `${request} was approved`,
      summary: `It became work order ${event.workOrderNumber}.`,
    });
  }

  @OnEvent(WorkRequestRejectedSchema)
  async onRejected(@Payload() event: WorkRequestRejected, @Ctx() ctx: EventContext): Promise<void> {
    const requestId = requireUuid(event.requestId, 'request_id');
    const contact = await this.contacts.takeForDecision(ctx.manager, ctx.tenantId, requestId);
    const request = contact?.title ? `“${contact.title}”` : 'Your work request';
    await this.notify(ctx, requestId, event.requesterId, contact, {
      type: 'work_request.rejected',
      occurredAt: eventTime(event.rejectedAt, ctx),
      title: `${request} was rejected`,
      summary: event.reason ? `Reason: ${event.reason}` : 'No reason was given.',
    });
  }

  private async notify(
    ctx: EventContext,
    requestId: string,
    requesterId: string,
    contact: RequestContact | null,
    decision: Pick<RecordAlertOccurrenceCommand, 'occurredAt' | 'title' | 'summary'> & { type: 'work_request.approved' | 'work_request.rejected' },
  ): Promise<void> {
    const { type, ...text } = decision;
    const recipient = { userId: requesterId || contact?.requesterId || null, email: contact?.email || null };
    await this.record.execute(ctx.manager, occurrenceOf(type, ctx, { ...text, subjectId: requestId, subjectName: contact?.title || null, recipient }));
  }
}
