import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { ConnectionApiTokens } from '../../access/connection-api-tokens';
import { ConnectionChanges } from '../connection.changes';
import type { Connection } from '../connection.entity';
import { connectionNotFound } from '../connection.exception';
import { ConnectionRepository } from '../connection.repository';

/**
 * An administrator's pause, resume and delete. Each takes the row lock and goes through the
 * health state machine, so a pause racing a failure records one transition after the other.
 */
@Injectable()
export class AdministerConnection {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(ConnectionChanges) private readonly changes: ConnectionChanges,
    @Inject(ConnectionApiTokens) private readonly tokens: ConnectionApiTokens,
  ) {}

  pause(principal: Principal, id: string): Promise<Connection> {
    return this.withLocked(principal, id, (manager, connection) => this.changes.signal(manager, connection, { kind: 'paused' }, { actor: principal.subject }));
  }

  resume(principal: Principal, id: string): Promise<Connection> {
    return this.withLocked(principal, id, (manager, connection) => this.changes.signal(manager, connection, { kind: 'resumed' }, { actor: principal.subject }));
  }

  /** Deleted for good: credentials and session wiped, API tokens revoked, `ConnectionDeleted`. */
  async delete(principal: Principal, id: string): Promise<void> {
    await this.withLocked(principal, id, async (manager, connection) => {
      await this.tokens.revokeAll(manager, principal.tenantId, id);
      await this.changes.deleted(manager, connection, principal.subject);
      return connection;
    });
  }

  private withLocked(principal: Principal, id: string, work: (manager: EntityManager, connection: Connection) => Promise<Connection>): Promise<Connection> {
    return this.transactions.run(principal, async (manager) => {
      const connection = await this.connections.lockLive(manager, principal.tenantId, id);
      if (!connection) throw connectionNotFound();
      return work(manager, connection);
    });
  }
}
