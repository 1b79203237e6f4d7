import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ConnectionAuthFailedSchema,
  ConnectionCreatedSchema,
  ConnectionDegradedSchema,
  ConnectionDeletedSchema,
  ConnectionPausedSchema,
  ConnectionReauthRequiredSchema,
  ConnectionRestoredSchema,
  ConnectionResumedSchema,
  ConnectionStatus as ConnectionStatusMessage,
  FailureClass as FailureClassMessage,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { assertUnreachable } from '@mate/service-kit';
import type { FailureClass } from '../adapters';
import type { ConnectionStatus, HealthEvent, HealthTransition } from '../health';
import type { Connection } from './connection.entity';

/**
 * The events of a connection (the outbox routes them to the connectors topic), keyed by the
 * connection's id so their order holds. None carries a credential, a token or an upstream body.
 */
function connectionEvent<S extends DescMessage>(connection: Connection, schema: S, time: Date, message: MessageInitShape<S>): OutboundEvent {
  return { schema, subject: connection.id, tenantId: connection.tenantId, time, message: create(schema, message) };
}

const STATUS: Readonly<Record<ConnectionStatus, ConnectionStatusMessage>> = {
  connected: ConnectionStatusMessage.CONNECTED,
  degraded: ConnectionStatusMessage.DEGRADED,
  reauth_required: ConnectionStatusMessage.REAUTH_REQUIRED,
  paused: ConnectionStatusMessage.PAUSED,
  disconnected: ConnectionStatusMessage.DISCONNECTED,
};

/** A failure class as the events carry it (connection health events, WriteFailed). */
export const FAILURE_CLASS_MESSAGES: Readonly<Record<FailureClass, FailureClassMessage>> = {
  auth_invalid: FailureClassMessage.AUTH_INVALID,
  auth_expired: FailureClassMessage.AUTH_EXPIRED,
  permission_denied: FailureClassMessage.PERMISSION_DENIED,
  rate_limited: FailureClassMessage.RATE_LIMITED,
  transient: FailureClassMessage.TRANSIENT,
  upstream_validation: FailureClassMessage.UPSTREAM_VALIDATION,
  conflict: FailureClassMessage.CONFLICT,
  not_found: FailureClassMessage.NOT_FOUND,
};

export function connectionCreated(connection: Connection): OutboundEvent {
  return connectionEvent(connection, ConnectionCreatedSchema, connection.createdAt, {
    connectionId: connection.id,
    system: connection.system,
    authKind: connection.authKind,
    displayName: connection.displayName,
    baseUrl: connection.baseUrl,
    status: STATUS[connection.status],
    createdBy: connection.createdBy,
    createdAt: timestampFromDate(connection.createdAt),
  });
}

/** What caused a health change: the actor (pause, resume, delete) or the failure (auth). */
export interface HealthCause {
  actor?: string;
  failure?: { classification: FailureClass; operation: string; upstreamStatus?: number };
}

/** The event of one health event kind for a transition that has happened (the connection already holds the new status). */
export function healthEvent(kind: HealthEvent, connection: Connection, transition: HealthTransition, cause: HealthCause, at: Date): OutboundEvent {
  const base = { connectionId: connection.id, system: connection.system };
  const occurredAt = timestampFromDate(at);
  switch (kind) {
    case 'ConnectionAuthFailed':
      return connectionEvent(connection, ConnectionAuthFailedSchema, at, {
        ...base,
        classification: FAILURE_CLASS_MESSAGES[cause.failure?.classification ?? 'auth_invalid'],
        operation: cause.failure?.operation ?? '',
        upstreamStatus: cause.failure?.upstreamStatus ?? 0,
        occurredAt,
      });
    case 'ConnectionReauthRequired':
      return connectionEvent(connection, ConnectionReauthRequiredSchema, at, {
        ...base,
        displayName: connection.displayName,
        previousStatus: STATUS[transition.from],
        reason: transition.reason,
        reauthorizePath: `/api/v1/connections/${connection.id}/reauthorize`,
        occurredAt,
      });
    case 'ConnectionDegraded':
      return connectionEvent(connection, ConnectionDegradedSchema, at, { ...base, reason: transition.reason, transientFailures: connection.transientFailures, occurredAt });
    case 'ConnectionRestored':
      return connectionEvent(connection, ConnectionRestoredSchema, at, { ...base, previousStatus: STATUS[transition.from], reason: transition.reason, occurredAt });
    case 'ConnectionPaused':
      return connectionEvent(connection, ConnectionPausedSchema, at, { ...base, previousStatus: STATUS[transition.from], pausedBy: cause.actor ?? '', occurredAt });
    case 'ConnectionResumed':
      return connectionEvent(connection, ConnectionResumedSchema, at, { ...base, status: STATUS[transition.to], resumedBy: cause.actor ?? '', occurredAt });
    case 'ConnectionDeleted':
      return connectionEvent(connection, ConnectionDeletedSchema, at, { ...base, previousStatus: STATUS[transition.from], deletedBy: cause.actor ?? '', deletedAt: occurredAt });
    default:
      return assertUnreachable(kind);
  }
}
