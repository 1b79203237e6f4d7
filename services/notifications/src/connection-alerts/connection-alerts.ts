import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { ConnectionAuthFailed, ConnectionDegraded, ConnectionReauthRequired } from '@mate/contracts';
import type { CloudEventEnvelope } from '@mate/messaging';
import { ALERT_TYPES, type AlertOccurrence } from '../alert-rules';
import type { RecordAlertOccurrenceCommand, RecoveryCommand } from '../alerts';

/** The target systems by their display names, for alert titles (the event names them in lower case). */
const SYSTEM_NAMES: Record<string, string> = {
  maximo: 'IBM Maximo',
  sap: 'SAP S/4HANA PM',
  fiix: 'Fiix',
  upkeep: 'UpKeep',
  maintainx: 'MaintainX',
  limble: 'Limble',
};

function systemName(system: string): string {
  return SYSTEM_NAMES[system] ?? system;
}

/** When it happened: the event's own time, else the envelope's (a producer that left it out). */
function occurredAt(at: Timestamp | undefined, envelope: CloudEventEnvelope): Date {
  const date = at ? timestampDate(at) : new Date(envelope.time);
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

function connectionOccurrence(type: 'connection.reauth_required' | 'connection.degraded', envelope: CloudEventEnvelope, connectionId: string, at: Timestamp | undefined): AlertOccurrence {
  return {
    tenantId: envelope.tenantId,
    type,
    severity: ALERT_TYPES[type].severity,
    subject: { kind: 'connection', id: connectionId },
    eventId: envelope.id,
    occurredAt: occurredAt(at, envelope),
  };
}

/** ConnectionReauthRequired: the critical alert, one per connection while it is unresolved. */
export function reauthRequiredAlert(event: ConnectionReauthRequired, envelope: CloudEventEnvelope): RecordAlertOccurrenceCommand {
  const name = event.displayName || systemName(event.system);
  const reconnect = event.reauthorizePath ? ` An administrator reconnects it with POST ${event.reauthorizePath}.` : '';
  return {
    ...connectionOccurrence('connection.reauth_required', envelope, event.connectionId, event.occurredAt),
    title: `${name} needs new credentials`,
    summary: `${systemName(event.system)} refused the connection's credentials${event.reason ? ` (${event.reason})` : ''}; nothing is sent to it until it is reconnected.${reconnect}`,
    subjectName: event.displayName || null,
  };
}

/**
 * ConnectionAuthFailed: one more failure of a connection that needs reauthorization, counted on
 * its open alert (the connectors service publishes it before the ConnectionReauthRequired that
 * opens the alert; one with no open alert has nothing to add to).
 */
export function authFailedRepeat(event: ConnectionAuthFailed, envelope: CloudEventEnvelope): AlertOccurrence {
  return connectionOccurrence('connection.reauth_required', envelope, event.connectionId, event.occurredAt);
}

/** ConnectionDegraded: the warning alert (transient failures over the threshold). */
export function degradedAlert(event: ConnectionDegraded, envelope: CloudEventEnvelope): RecordAlertOccurrenceCommand {
  return {
    ...connectionOccurrence('connection.degraded', envelope, event.connectionId, event.occurredAt),
    title: `${systemName(event.system)} connection is degraded`,
    summary: `Calls to ${systemName(event.system)} keep failing${event.reason ? ` (${event.reason})` : ''}; they still go out.`,
    subjectName: null,
  };
}

/** ConnectionRestored or ConnectionDeleted: the recovery that resolves the connection's alerts (alert-rules/restoration.ts). */
export function connectionRecovery(type: 'connection.restored' | 'connection.deleted', connectionId: string, at: Timestamp | undefined, envelope: CloudEventEnvelope): RecoveryCommand {
  return { tenantId: envelope.tenantId, type, subject: { kind: 'connection', id: connectionId }, eventId: envelope.id, occurredAt: occurredAt(at, envelope) };
}
