import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions } from '@mate/service-kit';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Connection } from '../connections/connection.entity';
import { ConnectionRepository } from '../connections/connection.repository';
import { ConnectionApiToken } from './access.entities';
import { hashToken, newSecretToken } from './secret-token';

/** Issues, revokes and recognises connection API tokens (hashed at rest, shown once). */
@Injectable()
export class ConnectionApiTokens {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
  ) {}

  /** Revokes the connection's current token(s) and issues a new one; returns it for showing once. */
  async reissue(manager: EntityManager, tenantId: string, connectionId: string): Promise<string> {
    const now = new Date();
    await manager.update(ConnectionApiToken, { tenantId, connectionId, revokedAt: IsNull() }, { revokedAt: now });
    const { token, hash } = newSecretToken('mcn_');
    await manager.insert(ConnectionApiToken, { id: randomUUID(), tenantId, connectionId, tokenHash: hash, createdAt: now, revokedAt: null });
    return token;
  }

  async revokeAll(manager: EntityManager, tenantId: string, connectionId: string): Promise<void> {
    await manager.update(ConnectionApiToken, { tenantId, connectionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * The live connection a live token stands for, or undefined. The token table has no row-level
   * security (a token comes without a tenant); the connection is read in the token's tenant.
   */
  async connectionFor(token: string): Promise<Connection | undefined> {
    const found = await this.dataSource.manager.findOneBy(ConnectionApiToken, { tokenHash: hashToken(token), revokedAt: IsNull() });
    if (!found) return undefined;
    const connection = await this.transactions.run(found.tenantId, (manager) => this.connections.findLive(manager, found.tenantId, found.connectionId));
    return connection ?? undefined;
  }
}
