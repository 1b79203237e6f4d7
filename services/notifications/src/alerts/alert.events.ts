import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AlertAcknowledgedSchema,
  AlertEscalatedSchema,
  AlertOpenedSchema,
  AlertResolvedSchema,
  AlertSeverity as AlertSeverityProto,
  AlertUpdatedSchema,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { AlertSeverity } from '../channels';
import type { Alert } from './alert.entity';

const SEVERITY: Record<AlertSeverity, AlertSeverityProto> = {
  info: AlertSeverityProto.INFO,
  warning: AlertSeverityProto.WARNING,
  critical: AlertSeverityProto.CRITICAL,
};

/** The events of an alert, keyed by its id so their order holds; each goes to mate.notifications.v1. */
function alertEvent(alert: Alert, time: Date, event: Pick<OutboundEvent, 'schema' | 'message'>): OutboundEvent {
  return { ...event, subject: alert.id, tenantId: alert.tenantId, time };
}

export function alertOpened(alert: Alert): OutboundEvent {
  return alertEvent(alert, alert.firstSeenAt, {
    schema: AlertOpenedSchema,
    message: create(AlertOpenedSchema, {
      alertId: alert.id,
      type: alert.type,
      severity: SEVERITY[alert.severity],
      subject: { kind: alert.subjectKind, id: alert.subjectId, name: alert.subjectName ?? '' },
      dedupeKey: alert.dedupeKey,
      title: alert.title,
      eventIds: alert.eventIds,
      openedAt: timestampFromDate(alert.firstSeenAt),
    }),
  });
}

export function alertUpdated(alert: Alert, eventId: string): OutboundEvent {
  return alertEvent(alert, alert.lastSeenAt, {
    schema: AlertUpdatedSchema,
    message: create(AlertUpdatedSchema, {
      alertId: alert.id,
      occurrenceCount: alert.occurrenceCount,
      eventId,
      lastSeenAt: timestampFromDate(alert.lastSeenAt),
    }),
  });
}

export function alertAcknowledged(alert: Alert, by: string, at: Date): OutboundEvent {
  return alertEvent(alert, at, {
    schema: AlertAcknowledgedSchema,
    message: create(AlertAcknowledgedSchema, { alertId: alert.id, acknowledgedBy: by, acknowledgedAt: timestampFromDate(at) }),
  });
}

export function alertResolved(alert: Alert, resolvedBy: string, eventId: string, at: Date): OutboundEvent {
  return alertEvent(alert, at, {
    schema: AlertResolvedSchema,
    message: create(AlertResolvedSchema, { alertId: alert.id, type: alert.type, resolvedBy, eventId, resolvedAt: timestampFromDate(at) }),
  });
}

export function alertEscalated(alert: Alert, recipientListId: string, at: Date): OutboundEvent {
  return alertEvent(alert, at, {
    schema: AlertEscalatedSchema,
    message: create(AlertEscalatedSchema, { alertId: alert.id, level: alert.escalationLevel, recipientListId, escalatedAt: timestampFromDate(at) }),
  });
}
