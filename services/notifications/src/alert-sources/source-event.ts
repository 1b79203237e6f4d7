import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { PermanentEventError, type EventContext } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { ALERT_TYPES, type AlertType } from '../alert-rules';
import type { RecordAlertOccurrenceCommand } from '../alerts';

/** The event an alert source reacts to: its tenant, its id (kept on the alert) and when it was sent. */
export interface SourceEvent {
  tenantId: string;
  eventId: string;
  sentAt: Date;
}

export function sourceEventOf(ctx: EventContext): SourceEvent {
  return { tenantId: ctx.tenantId, eventId: ctx.envelope.id, sentAt: new Date(ctx.envelope.time) };
}

/** The id field an alert hangs on: a uuid, or the event is malformed (dead-lettered after one attempt). */
/** An optional id field: a uuid, or null when empty or anything else (a place is a routing hint, not what the alert hangs on). */
export function optionalUuid(value: string): string | null {
  return isUuid(value) ? value : null;
}

export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new PermanentEventError(`${field} is not a uuid`);
  return value;
}

/** When it happened: the event's own time field, else when the event was sent. */
export function eventTime(value: Timestamp | undefined, ctx: EventContext): Date {
  return value ? timestampDate(value) : new Date(ctx.envelope.time);
}

/**
 * The command for one occurrence of a catalogued type, its severity and subject kind from the
 * catalogue (alert-rules/alert-types.ts), its tenant and event id from the source event.
 */
export function occurrenceOf(
  type: AlertType,
  source: SourceEvent,
  fields: Pick<RecordAlertOccurrenceCommand, 'occurredAt' | 'title' | 'summary' | 'subjectName' | 'recipient' | 'scope' | 'place'> & { subjectId: string },
): RecordAlertOccurrenceCommand {
  const { subjectId, ...rest } = fields;
  const definition = ALERT_TYPES[type];
  return { ...rest, tenantId: source.tenantId, type, severity: definition.severity, subject: { kind: definition.subjectKind, id: subjectId }, eventId: source.eventId };
}
