import { Inject, Injectable } from '@nestjs/common';
import { OutboundRequestRefusedError } from '@mate/net-guard';
import { TenantTransactions } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { UpstreamFailure, type AdapterConnection, type AuthSession, type ConnectorAdapter, type ConnectorAdapters } from '../adapters';
import { CredentialVault, type CredentialPlace } from '../credentials';
import { mayCallUpstream, type ConnectionStatus, type HealthSignal } from '../health';
import type { HealthCause } from '../connections/connection.events';
import { Connection } from '../connections/connection.entity';
import { ConnectionChanges } from '../connections/connection.changes';
import { ConnectionException, ConnectionExceptionCode, connectionNotFound, reauthorizationRequired } from '../connections/connection.exception';
import { ConnectionRepository } from '../connections/connection.repository';
import { OutboundPolicies, refusedBaseUrl } from '../outbound';
import { CONNECTOR_ADAPTERS } from './upstream.tokens';

/** A session is renewed this long before it runs out, so no call goes out with a dying token. */
const REFRESH_LEAD_MS = 60_000;

/**
 * A success on a healthy connection (connected, no failure streak) changes nothing but
 * `lastSuccessAt`; that is written at most this often, so a sync paging a system does not lock and
 * rewrite the connection row after every page. Any other success (degraded, a streak to clear, or
 * an older `lastSuccessAt`) is recorded at once.
 */
export const SUCCESS_RECORD_INTERVAL_MS = 30_000;

export type UpstreamWork<T> = (adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession) => Promise<T>;

/** A call's outcome, its failure included, and the connection's status once the outcome was recorded. */
export type UpstreamOutcome<T> = { ok: true; value: T; status: ConnectionStatus } | { ok: false; failure: UpstreamFailure; status: ConnectionStatus };

/**
 * Every call to a customer's system goes through here: nothing goes out while the connection
 * needs reauthorization or is paused; the token or session is taken from the encrypted cache and
 * refreshed before it runs out, one replica at a time (a PostgreSQL advisory lock per
 * connection); an expired session is refreshed once and the call retried; and every outcome feeds
 * the connection's health (passive detection), so the first definitive auth failure moves it to
 * `reauth_required`.
 */
@Injectable()
export class UpstreamGateway {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(ConnectionChanges) private readonly changes: ConnectionChanges,
    @Inject(CredentialVault) private readonly vault: CredentialVault,
    @Inject(CONNECTOR_ADAPTERS) private readonly adapters: ConnectorAdapters,
    @Inject(OutboundPolicies) private readonly outbound: OutboundPolicies,
  ) {}

  async call<T>(tenantId: string, connectionId: string, work: UpstreamWork<T>): Promise<T> {
    const outcome = await this.attempt(tenantId, connectionId, work);
    if (!outcome.ok) throw outcome.failure;
    return outcome.value;
  }

  /**
   * As `call`, with an upstream failure returned rather than thrown, next to the status the outcome
   * left the connection in (a probe reports it without reading the connection again).
   */
  async attempt<T>(tenantId: string, connectionId: string, work: UpstreamWork<T>): Promise<UpstreamOutcome<T>> {
    const { found, connection, session } = await this.transactions.run(tenantId, async (manager) => {
      const found = await this.callable(manager, tenantId, connectionId);
      await this.outbound.load(manager, tenantId);
      return { found, connection: await this.adapterConnection(manager, found), session: await this.cachedSession(manager, found) };
    });
    const adapter = this.adapters[connection.system];
    try {
      const current = session ?? (await this.refreshSession(connection, undefined));
      const value = await this.withOneRefresh(adapter, connection, current, work);
      const recorded = recentlyHealthy(found, Date.now()) ? found.status : await this.record(tenantId, connectionId, { kind: 'call_succeeded' });
      return { ok: true, value, status: recorded ?? found.status };
    } catch (error) {
      if (error instanceof OutboundRequestRefusedError) throw refusedBaseUrl(error);
      if (!(error instanceof UpstreamFailure)) throw error;
      // An expired session that a refresh could not cure is as definitive as a refused credential.
      const failure = error.classification === 'auth_expired' ? 'auth_invalid' : error.classification;
      const recorded = await this.record(tenantId, connectionId, { kind: 'call_failed', failure }, { failure: { classification: failure, operation: error.detail.operation, upstreamStatus: error.detail.status } });
      return { ok: false, failure: error, status: recorded ?? found.status };
    }
  }

  /** The connection as an adapter needs it, credentials decrypted for this call only. */
  async adapterConnection(manager: EntityManager, connection: Connection): Promise<AdapterConnection> {
    if (!connection.credentialsCiphertext) throw connectionNotFound();
    const credentials = await this.vault.open(manager, placeOf(connection, 'credentials'), { ciphertext: connection.credentialsCiphertext, dataKeyVersion: connection.dataKeyVersion });
    return {
      id: connection.id,
      tenantId: connection.tenantId,
      system: connection.system,
      authKind: connection.authKind,
      baseUrl: connection.baseUrl,
      credentials,
      settings: connection.settings,
    };
  }

  private async callable(manager: EntityManager, tenantId: string, connectionId: string): Promise<Connection> {
    const connection = await this.connections.findLive(manager, tenantId, connectionId);
    if (!connection) throw connectionNotFound();
    if (connection.status === 'reauth_required') throw reauthorizationRequired(connection);
    if (!mayCallUpstream(connection.status)) throw new ConnectionException(ConnectionExceptionCode.PAUSED, 'the connection is paused; resume it to call its system');
    return connection;
  }

  private async withOneRefresh<T>(adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession, work: UpstreamWork<T>): Promise<T> {
    try {
      return await work(adapter, connection, session);
    } catch (error) {
      if (!(error instanceof UpstreamFailure) || error.classification !== 'auth_expired') throw error;
      return work(adapter, connection, await this.refreshSession(connection, session));
    }
  }

  /**
   * A new session, one replica at a time: under the connection's advisory lock, a session another
   * replica stored meanwhile (different from the stale one) is taken instead of logging in again.
   */
  private refreshSession(connection: AdapterConnection, stale: AuthSession | undefined): Promise<AuthSession> {
    return this.transactions.run(connection.tenantId, async (manager) => {
      await manager.query(`select pg_advisory_xact_lock(hashtextextended('mate.connectors.refresh:' || $1, 0))`, [connection.id]);
      const row = await this.connections.findLive(manager, connection.tenantId, connection.id);
      if (!row) throw connectionNotFound();
      const cached = await this.cachedSession(manager, row);
      if (cached && cached.token !== stale?.token) return cached;
      const fresh = await this.adapters[connection.system].refresh(connection, stale ?? {});
      await manager.update(Connection, { id: row.id }, await sealedSession(this.vault, manager, row, fresh));
      return fresh;
    });
  }

  private async cachedSession(manager: EntityManager, connection: Connection): Promise<AuthSession | undefined> {
    if (!connection.sessionCiphertext) return undefined;
    if (connection.sessionExpiresAt && connection.sessionExpiresAt.getTime() - REFRESH_LEAD_MS <= Date.now()) return undefined;
    return this.vault.open(manager, placeOf(connection, 'session'), { ciphertext: connection.sessionCiphertext, dataKeyVersion: connection.dataKeyVersion });
  }

  /**
   * Feeds an outcome to the health state machine, with the row locked (one transition across
   * replicas): the status it leaves, or undefined when the connection is gone.
   */
  private async record(tenantId: string, connectionId: string, signal: HealthSignal, cause: HealthCause = {}): Promise<ConnectionStatus | undefined> {
    return this.transactions.run(tenantId, async (manager) => {
      const connection = await this.connections.lockLive(manager, tenantId, connectionId);
      return connection ? (await this.changes.signal(manager, connection, signal, cause)).status : undefined;
    });
  }
}

/**
 * Whether a success would only move `lastSuccessAt`, and that moved less than
 * SUCCESS_RECORD_INTERVAL_MS ago (as read before the call). A failure another call records
 * meanwhile is kept a little longer (this success does not clear its streak): the safe side.
 */
export function recentlyHealthy(connection: Pick<Connection, 'status' | 'transientFailures' | 'windowStartedAt' | 'lastSuccessAt'>, now: number): boolean {
  if (connection.status !== 'connected' || connection.transientFailures !== 0 || connection.windowStartedAt !== null) return false;
  return connection.lastSuccessAt !== null && now - connection.lastSuccessAt.getTime() < SUCCESS_RECORD_INTERVAL_MS;
}

export function placeOf(connection: Pick<Connection, 'tenantId' | 'id'>, purpose: CredentialPlace['purpose']): CredentialPlace {
  return { tenantId: connection.tenantId, connectionId: connection.id, purpose };
}

export type StoredSession = Pick<Connection, 'sessionCiphertext' | 'sessionExpiresAt'>;

/** A session as a connection row keeps it: sealed with the tenant's data key, and when it runs out. */
export async function sealedSession(vault: CredentialVault, manager: EntityManager, connection: Pick<Connection, 'tenantId' | 'id'>, session: AuthSession): Promise<StoredSession> {
  const sealed = await vault.seal(manager, placeOf(connection, 'session'), { ...session });
  return { sessionCiphertext: sealed.ciphertext, sessionExpiresAt: session.expiresAt ? new Date(session.expiresAt) : null };
}
