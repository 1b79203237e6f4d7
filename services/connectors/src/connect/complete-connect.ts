import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, TenantTransactions } from '@mate/service-kit';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { ConnectorAdapters } from '../adapters';
import { ConnectSession, type NewConnectionTarget } from '../access/access.entities';
import { ConnectionApiTokens } from '../access/connection-api-tokens';
import { hashToken } from '../access/secret-token';
import { CredentialVault, type CredentialSecrets } from '../credentials';
import { credentialErrors } from '../connections/connection-input.rules';
import { ConnectionChanges } from '../connections/connection.changes';
import { ConnectionRepository } from '../connections/connection.repository';
import { CreateConnection, type IssuedConnection } from '../connections/use-cases/create-connection';
import { VerifyCredentials } from '../connections/use-cases/verify-credentials';
import { OutboundPolicies } from '../outbound';
import { CONNECTOR_ADAPTERS } from '../upstream/upstream.tokens';
import { placeOf, sealedSession } from '../upstream/upstream-gateway';

export interface ConnectedConnection extends IssuedConnection {
  /** True when the session created the connection; false when it reconnected one (the previous API token is revoked). */
  created: boolean;
}

/**
 * `POST /api/v1/connect`: the customer submits credentials with a connect session, no tenant login.
 * They are verified upstream first; a refusal changes nothing and leaves the session usable until
 * it expires (a typo should not cost a new link). On success, in one transaction, the session is
 * used up and either the connection is created (`ConnectionCreated`, its first API token) or its
 * credentials are replaced (`connected`, `ConnectionRestored`, the old API token revoked and a new
 * one issued).
 */
@Injectable()
export class CompleteConnect {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(CONNECTOR_ADAPTERS) private readonly adapters: ConnectorAdapters,
    @Inject(VerifyCredentials) private readonly verify: VerifyCredentials,
    @Inject(CreateConnection) private readonly createConnection: CreateConnection,
    @Inject(CredentialVault) private readonly vault: CredentialVault,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(ConnectionChanges) private readonly changes: ConnectionChanges,
    @Inject(ConnectionApiTokens) private readonly tokens: ConnectionApiTokens,
    @Inject(OutboundPolicies) private readonly outbound: OutboundPolicies,
  ) {}

  async execute(sessionToken: string, credentials: Record<string, unknown>): Promise<ConnectedConnection> {
    const session = await this.usableSession(sessionToken);
    if (session.connectionId) return { ...(await this.reconnect(session, session.connectionId, credentials)), created: false };
    if (session.newConnection) return { ...(await this.create(session, session.newConnection, credentials)), created: true };
    throw invalidSession('unknown connect session');
  }

  private async create(session: ConnectSession, target: NewConnectionTarget, credentials: Record<string, unknown>): Promise<IssuedConnection> {
    // The allow-list may have changed since the session was opened: checked again before anything is sent.
    await this.createConnection.checkedTarget(session.tenantId, target);
    const verified = await this.createConnection.verified(session.tenantId, target, credentials);
    return this.transactions.run(session.tenantId, async (manager) => {
      await useUp(manager, session);
      return this.createConnection.store(manager, session.tenantId, session.createdBy, target, verified);
    });
  }

  private async reconnect(session: ConnectSession, connectionId: string, credentials: Record<string, unknown>): Promise<IssuedConnection> {
    const connection = await this.transactions.run(session.tenantId, async (manager) => {
      await this.outbound.load(manager, session.tenantId);
      return this.connections.findLive(manager, session.tenantId, connectionId);
    });
    if (!connection) throw invalidSession('the connection of this session no longer exists');
    const errors = credentialErrors(this.adapters[connection.system].description, connection.authKind, credentials);
    if (errors.length > 0) throw ProblemException.validation(errors);
    const secrets = credentials as CredentialSecrets;
    const { tenantId, system, authKind, baseUrl, settings } = connection;
    const opened = await this.verify.execute({ tenantId, connectionId, system, authKind, baseUrl, settings, credentials: secrets });

    return this.transactions.run(session.tenantId, async (manager) => {
      await useUp(manager, session);
      const locked = await this.connections.lockLive(manager, session.tenantId, connectionId);
      if (!locked) throw invalidSession('the connection of this session no longer exists');
      const sealed = await this.vault.seal(manager, placeOf(locked, 'credentials'), secrets);
      await this.changes.credentialsReplaced(manager, locked, sealed, await sealedSession(this.vault, manager, locked, opened));
      const restored = await this.changes.signal(manager, locked, { kind: 'reauthorized' });
      return { connection: restored, apiToken: await this.tokens.reissue(manager, session.tenantId, locked.id) };
    });
  }

  /** The session of a token, if it exists, is unused and has not expired (the table has no row-level security: the token comes without a tenant). */
  private async usableSession(token: string): Promise<ConnectSession> {
    const session = await this.dataSource.manager.findOneBy(ConnectSession, { tokenHash: hashToken(token) });
    if (!session) throw invalidSession('unknown connect session');
    if (session.usedAt) throw invalidSession('this connect session was already used');
    if (session.expiresAt.getTime() <= Date.now()) throw invalidSession('this connect session has expired; ask an administrator for a new link');
    return session;
  }
}

/** Marks the session used, once: of two submissions racing with accepted credentials, the second is refused. */
async function useUp(manager: EntityManager, session: ConnectSession): Promise<void> {
  const used = await manager.update(ConnectSession, { id: session.id, usedAt: IsNull() }, { usedAt: new Date() });
  if (used.affected !== 1) throw invalidSession('this connect session was already used');
}

function invalidSession(message: string): ProblemException {
  return ProblemException.validation([{ field: 'session', message }], 'the connect session cannot be used');
}
