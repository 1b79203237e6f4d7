import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { occurrenceOf, type SourceEvent } from '../../alert-sources';
import { RecordAlertOccurrence } from '../../alerts';
import { RequestContactRepository, type RequestContact } from '../request-contact.repository';

export type RequestDecision =
  | { requestId: string; requesterId: string; decidedAt: Date; outcome: 'approved'; workOrderNumber: string }
  | { requestId: string; requesterId: string; decidedAt: Date; outcome: 'rejected'; reason: string };

/**
 * A work request was decided: the requester's own inbox shows it (a personal alert), and the
 * contact address given with the request is e-mailed once (someone reporting for a person without
 * an account). The contact, kept since the submission, is forgotten: the decision was its last use.
 */
@Injectable()
export class TellRequester {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(RequestContactRepository) private readonly contacts: RequestContactRepository,
  ) {}

  async execute(manager: EntityManager, source: SourceEvent, decision: RequestDecision): Promise<void> {
    const contact = await this.contacts.takeForDecision(manager, source.tenantId, decision.requestId);
    const request = contact?.title ? `“${contact.title}”` : 'Your work request';
    const text =
      decision.outcome === 'approved'
        ? { title: `${request} was approved`, summary: `It became work order ${decision.workOrderNumber}.` }
        : { title: `${request} was rejected`, summary: decision.reason ? `Reason: ${decision.reason}` : 'No reason was given.' };
    const command = occurrenceOf(decision.outcome === 'approved' ? 'work_request.approved' : 'work_request.rejected', source, {
      ...text,
      subjectId: decision.requestId,
      subjectName: contact?.title || null,
      occurredAt: decision.decidedAt,
      recipient: recipientOf(decision.requesterId, contact),
    });
    await this.record.execute(manager, command);
  }

  /** Kept from the submission until the decision (the decision events do not carry the contact). */
  remember(manager: EntityManager, source: SourceEvent, contact: RequestContact, submittedAt: Date): Promise<void> {
    return this.contacts.remember(manager, source.tenantId, contact, submittedAt);
  }
}

function recipientOf(requesterId: string, contact: RequestContact | null): { userId: string | null; email: string | null } {
  return { userId: requesterId || contact?.requesterId || null, email: contact?.email || null };
}
