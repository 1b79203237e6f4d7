import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { Connection, ConnectionFailure, ConnectionTransition } from '../connection.entity';
import { connectionNotFound } from '../connection.exception';
import { ConnectionRepository } from '../connection.repository';

export interface ConnectionHealth {
  connection: Connection;
  transitions: ConnectionTransition[];
  failures: ConnectionFailure[];
}

/** The tenant's connections, one of them, and its health with the recent transitions and failures. */
@Injectable()
export class ReadConnections {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
  ) {}

  list(principal: Principal): Promise<Connection[]> {
    return this.transactions.run(principal, (manager) => this.connections.listLive(manager, principal.tenantId));
  }

  get(principal: Principal, id: string): Promise<Connection> {
    return this.transactions.run(principal, async (manager) => {
      const connection = await this.connections.findLive(manager, principal.tenantId, id);
      if (!connection) throw connectionNotFound();
      return connection;
    });
  }

  health(principal: Principal, id: string): Promise<ConnectionHealth> {
    return this.transactions.run(principal, async (manager) => {
      const connection = await this.connections.findLive(manager, principal.tenantId, id);
      if (!connection) throw connectionNotFound();
      return {
        connection,
        transitions: await this.connections.recentTransitions(manager, principal.tenantId, id),
        failures: await this.connections.recentFailures(manager, principal.tenantId, id),
      };
    });
  }
}
