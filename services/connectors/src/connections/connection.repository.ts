import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Connection, ConnectionFailure, ConnectionTransition, ConnectionIndexEntry } from './connection.entity';

const RECENT = 20;

/** Every query of the connection aggregate; each runs in the caller's (tenant) transaction. */
@Injectable()
export class ConnectionRepository {
  async insert(manager: EntityManager, connection: Connection): Promise<void> {
    await manager.insert(Connection, connection);
  }

  /**
   * Writes the whole row. Callers hold its lock (`lockLive`), so nothing changed it since it was
   * read: an UPDATE, not TypeORM's `save`, which reads the row again first to find what changed.
   */
  async save(manager: EntityManager, connection: Connection): Promise<void> {
    await manager.update(Connection, { tenantId: connection.tenantId, id: connection.id }, connection);
  }

  /** The live (not deleted) connection, or null when the tenant has none with that id. */
  async findLive(manager: EntityManager, tenantId: string, id: string): Promise<Connection | null> {
    const found = await manager.findOneBy(Connection, { tenantId, id });
    return found && found.status !== 'disconnected' ? found : null;
  }

  /** The same, with the row locked until the transaction ends: one replica at a time decides a transition. */
  async lockLive(manager: EntityManager, tenantId: string, id: string): Promise<Connection | null> {
    const found = await manager.findOne(Connection, { where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
    return found && found.status !== 'disconnected' ? found : null;
  }

  listLive(manager: EntityManager, tenantId: string): Promise<Connection[]> {
    return manager
      .createQueryBuilder(Connection, 'c')
      .where('c.tenant_id = :tenantId', { tenantId })
      .andWhere(`c.status <> 'disconnected'`)
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  async addTransition(manager: EntityManager, transition: ConnectionTransition): Promise<void> {
    await manager.insert(ConnectionTransition, transition);
  }

  async addFailure(manager: EntityManager, failure: ConnectionFailure): Promise<void> {
    await manager.insert(ConnectionFailure, failure);
  }

  recentTransitions(manager: EntityManager, tenantId: string, connectionId: string): Promise<ConnectionTransition[]> {
    return manager.find(ConnectionTransition, { where: { tenantId, connectionId }, order: { occurredAt: 'DESC' }, take: RECENT });
  }

  recentFailures(manager: EntityManager, tenantId: string, connectionId: string): Promise<ConnectionFailure[]> {
    return manager.find(ConnectionFailure, { where: { tenantId, connectionId }, order: { occurredAt: 'DESC' }, take: RECENT });
  }

  /** Keeps the connection's entry in the cross-tenant index current (status; next probe when given). */
  async index(manager: EntityManager, connection: Connection, nextProbeAt?: Date): Promise<void> {
    const entry = { connectionId: connection.id, tenantId: connection.tenantId, system: connection.system, status: connection.status, probeIntervalSeconds: connection.probeIntervalSeconds };
    if (nextProbeAt) await manager.upsert(ConnectionIndexEntry, { ...entry, nextProbeAt }, ['connectionId']);
    else await manager.update(ConnectionIndexEntry, { connectionId: connection.id }, { status: connection.status });
  }

  async unindex(manager: EntityManager, connectionId: string): Promise<void> {
    await manager.delete(ConnectionIndexEntry, { connectionId });
  }

  /** Live connections per system and status, across tenants: the metrics' gauge. */
  countByStatus(manager: EntityManager): Promise<{ system: string; status: string; count: string }[]> {
    return manager
      .createQueryBuilder(ConnectionIndexEntry, 'i')
      .select('i.system', 'system')
      .addSelect('i.status', 'status')
      .addSelect('count(*)', 'count')
      .groupBy('i.system')
      .addGroupBy('i.status')
      .getRawMany();
  }

  /** Due probes across tenants (the schedule has no row-level security), claimed so that replicas share them. */
  claimDueProbes(manager: EntityManager, now: Date, limit: number): Promise<ConnectionIndexEntry[]> {
    return manager
      .createQueryBuilder(ConnectionIndexEntry, 'p')
      .where('p.next_probe_at <= :now', { now })
      .andWhere(`p.status in ('connected', 'degraded')`)
      .orderBy('p.next_probe_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async rescheduleProbe(manager: EntityManager, connectionId: string, at: Date): Promise<void> {
    await manager.update(ConnectionIndexEntry, { connectionId }, { nextProbeAt: at });
  }
}
