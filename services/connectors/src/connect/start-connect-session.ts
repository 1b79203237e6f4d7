import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { ConnectSession } from '../access/access.entities';
import { newSecretToken } from '../access/secret-token';
import { connectionNotFound } from '../connections/connection.exception';
import { ConnectionRepository } from '../connections/connection.repository';
import { CONNECTION_DEFAULTS, type ConnectionDefaults } from '../connections/connections.tokens';

export interface IssuedConnectSession {
  /** Opaque and single-use; only its hash is stored. */
  token: string;
  /** The hosted connect page, the token in its fragment. */
  url: string;
  expiresAt: Date;
}

/** `POST /connections/{id}/reauthorize`: a connect session in which the customer submits new credentials. */
@Injectable()
export class StartConnectSession {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(CONNECTION_DEFAULTS) private readonly defaults: ConnectionDefaults,
  ) {}

  execute(principal: Principal, connectionId: string): Promise<IssuedConnectSession> {
    return this.transactions.run(principal, async (manager) => {
      if (!(await this.connections.findLive(manager, principal.tenantId, connectionId))) throw connectionNotFound();
      const { token, hash } = newSecretToken('mcs_');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + this.defaults.connectSessionSeconds * 1000);
      await manager.insert(ConnectSession, { id: randomUUID(), tenantId: principal.tenantId, connectionId, tokenHash: hash, expiresAt, usedAt: null, createdBy: principal.subject, createdAt: now });
      return { token, url: `${this.defaults.connectPageUrl}#session=${token}`, expiresAt };
    });
  }
}
