import type { StoredSession } from '../upstream/upstream-gateway';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import { decideHealth, type HealthPolicy, type HealthSignal, type HealthSnapshot } from '../health';
import { HEALTH_POLICY } from './connections.tokens';
import type { Connection } from './connection.entity';
import { connectionCreated, healthEvent, type HealthCause } from './connection.events';
import { ConnectionRepository } from './connection.repository';

/**
 * The one place that records a change of a connection: the row, its transition history and its
 * events in the outbox, in the caller's transaction, so they commit together or not at all.
 */
@Injectable()
export class ConnectionChanges {
  constructor(
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(HEALTH_POLICY) private readonly policy: HealthPolicy,
  ) {}

  async created(manager: EntityManager, connection: Connection): Promise<void> {
    await this.connections.insert(manager, connection);
    await this.connections.index(manager, connection, new Date(connection.createdAt.getTime() + connection.probeIntervalSeconds * 1000));
    await this.outbox.append(manager, [connectionCreated(connection)]);
  }

  /**
   * Applies a health signal to a connection the caller has locked (ConnectionRepository.lockLive):
   * the state machine decides, the row keeps the result, and a transition is recorded and
   * published once. A second replica with the same failure waits for the lock, then finds the
   * transition made and publishes nothing.
   */
  async signal(manager: EntityManager, connection: Connection, signal: HealthSignal, cause: HealthCause = {}): Promise<Connection> {
    const now = new Date();
    const decision = decideHealth(snapshotOf(connection), signal, now, this.policy);
    const { transition } = decision;
    Object.assign(connection, decision.next);
    if (signal.kind === 'call_succeeded') connection.lastSuccessAt = now;
    if (signal.kind === 'call_failed') {
      connection.lastFailureAt = now;
      connection.lastFailureClass = signal.failure;
      connection.failureCount += 1;
    }
    if (transition) {
      connection.version += 1;
      connection.updatedAt = now;
    }
    const record = { id: randomUUID(), tenantId: connection.tenantId, connectionId: connection.id, occurredAt: now };
    await this.connections.addHealthRecords(manager, {
      failure:
        signal.kind === 'call_failed'
          ? { ...record, classification: signal.failure, operation: cause.failure?.operation ?? 'call', upstreamStatus: cause.failure?.upstreamStatus ?? null }
          : undefined,
      transition: transition ? { ...record, id: randomUUID(), fromStatus: transition.from, toStatus: transition.to, reason: transition.reason } : undefined,
      indexedStatus: transition && transition.to !== 'disconnected' ? { connectionId: connection.id, status: connection.status } : undefined,
    });
    await this.connections.save(manager, connection);
    if (transition?.to === 'disconnected') await this.connections.unindex(manager, connection.id);
    if (transition) await this.outbox.append(manager, decision.events.map((kind) => healthEvent(kind, connection, transition, cause, now)));
    return connection;
  }

  /** New credentials (already verified upstream) replace the old; the session verifying them opened replaces the cached one. */
  async credentialsReplaced(manager: EntityManager, connection: Connection, sealed: { ciphertext: Buffer; dataKeyVersion: number }, session: StoredSession): Promise<void> {
    connection.credentialsCiphertext = sealed.ciphertext;
    connection.dataKeyVersion = sealed.dataKeyVersion;
    connection.sessionCiphertext = session.sessionCiphertext;
    connection.sessionExpiresAt = session.sessionExpiresAt;
    connection.version += 1;
    connection.updatedAt = new Date();
    await this.connections.save(manager, connection);
  }

  /** Deleted: the credentials and session are wiped, it leaves the index (no more probes), ConnectionDeleted is published. */
  async deleted(manager: EntityManager, connection: Connection, actor: string): Promise<void> {
    connection.credentialsCiphertext = null;
    connection.sessionCiphertext = null;
    connection.sessionExpiresAt = null;
    await this.signal(manager, connection, { kind: 'disconnected' }, { actor });
  }
}

function snapshotOf(connection: Connection): HealthSnapshot {
  return {
    status: connection.status,
    transientFailures: connection.transientFailures,
    windowStartedAt: connection.windowStartedAt,
    pausedFrom: connection.pausedFrom,
  };
}
