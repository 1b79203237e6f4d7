import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { ConnectSession, type NewConnectionTarget } from '../access/access.entities';
import { newSecretToken } from '../access/secret-token';
import { connectionNotFound } from '../connections/connection.exception';
import { ConnectionRepository } from '../connections/connection.repository';
import { CONNECTION_DEFAULTS, type ConnectionDefaults } from '../connections/connections.tokens';
import { CreateConnection, type ConnectionTargetCommand } from '../connections/use-cases/create-connection';

export interface IssuedConnectSession {
  /** Opaque and single-use; only its hash is stored. */
  token: string;
  /** The hosted connect page, the token in its fragment. */
  url: string;
  expiresAt: Date;
}

/**
 * A connect session in which the customer submits credentials without a tenant login:
 * `POST /connections/{id}/reauthorize` for new credentials of a connection, and
 * `POST /connections/connect-sessions` for a connection the session creates (everything but the
 * credentials chosen now by the administrator, checked now as for a direct create).
 */
@Injectable()
export class StartConnectSession {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(CreateConnection) private readonly createConnection: CreateConnection,
    @Inject(CONNECTION_DEFAULTS) private readonly defaults: ConnectionDefaults,
  ) {}

  forConnection(principal: Principal, connectionId: string): Promise<IssuedConnectSession> {
    return this.transactions.run(principal, async (manager) => {
      if (!(await this.connections.findLive(manager, principal.tenantId, connectionId))) throw connectionNotFound();
      return this.issue(manager, principal, { connectionId, newConnection: null });
    });
  }

  async forNewConnection(principal: Principal, command: ConnectionTargetCommand): Promise<IssuedConnectSession> {
    const newConnection = await this.createConnection.checkedTarget(principal.tenantId, command);
    return this.transactions.run(principal, (manager) => this.issue(manager, principal, { connectionId: null, newConnection }));
  }

  private async issue(manager: EntityManager, principal: Principal, target: { connectionId: string | null; newConnection: NewConnectionTarget | null }): Promise<IssuedConnectSession> {
    const { token, hash } = newSecretToken('mcs_');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.defaults.connectSessionSeconds * 1000);
    await manager.insert(ConnectSession, { id: randomUUID(), tenantId: principal.tenantId, ...target, tokenHash: hash, expiresAt, usedAt: null, createdBy: principal.subject, createdAt: now });
    return { token, url: `${this.defaults.connectPageUrl}#session=${token}`, expiresAt };
  }
}
