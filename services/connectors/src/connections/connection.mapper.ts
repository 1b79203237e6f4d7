import type { ConnectionDto, ConnectionHealthDto } from './dtos/connection.dtos';
import type { Connection } from './connection.entity';
import type { ConnectionHealth } from './use-cases/read-connections';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A connection as the API shows it: never its credentials, session or data key. */
export function toConnectionDto(connection: Connection): ConnectionDto {
  return {
    id: connection.id,
    system: connection.system,
    authKind: connection.authKind,
    displayName: connection.displayName,
    baseUrl: connection.baseUrl,
    settings: connection.settings,
    status: connection.status,
    probeIntervalSeconds: connection.probeIntervalSeconds,
    lastSuccessAt: iso(connection.lastSuccessAt),
    lastFailureAt: iso(connection.lastFailureAt),
    lastFailureClass: connection.lastFailureClass,
    failureCount: connection.failureCount,
    version: connection.version,
    createdBy: connection.createdBy,
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}

export function toHealthDto({ connection, transitions, failures }: ConnectionHealth): ConnectionHealthDto {
  return {
    status: connection.status,
    lastSuccessAt: iso(connection.lastSuccessAt),
    lastFailureAt: iso(connection.lastFailureAt),
    failureCount: connection.failureCount,
    transitions: transitions.map((t) => ({ from: t.fromStatus, to: t.toStatus, reason: t.reason, occurredAt: t.occurredAt.toISOString() })),
    failures: failures.map((f) => ({ classification: f.classification, operation: f.operation, upstreamStatus: f.upstreamStatus, occurredAt: f.occurredAt.toISOString() })),
  };
}
