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

  /**
   * What a health signal records beside the row, in one statement (a refused call makes two round
   * trips fewer): the failure, the transition, and the index entry's new status, each when given.
   */
  async addHealthRecords(manager: EntityManager, records: { failure?: ConnectionFailure; transition?: ConnectionTransition; indexedStatus?: Pick<ConnectionIndexEntry, 'connectionId' | 'status'> }): Promise<void> {
    const { failure, transition, indexedStatus } = records;
    if (!failure && !transition && !indexedStatus) return;
    await manager.query(
      `with failure as (
         insert into connection_failures (id, tenant_id, connection_id, classification, operation, upstream_status, occurred_at)
         select $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::integer, $7::timestamptz where $1::uuid is not null
       ), transition as (
         insert into connection_transitions (id, tenant_id, connection_id, from_status, to_status, reason, occurred_at)
         select $8::uuid, $9::uuid, $10::uuid, $11::text, $12::text, $13::text, $14::timestamptz where $8::uuid is not null
       )
       update connection_index set status = $16 where connection_id = $15::uuid`,
      [
        failure?.id ?? null,
        failure?.tenantId ?? null,
        failure?.connectionId ?? null,
        failure?.classification ?? null,
        failure?.operation ?? null,
        failure?.upstreamStatus ?? null,
        failure?.occurredAt ?? null,
        transition?.id ?? null,
        transition?.tenantId ?? null,
        transition?.connectionId ?? null,
        transition?.fromStatus ?? null,
        transition?.toStatus ?? null,
        transition?.reason ?? null,
        transition?.occurredAt ?? null,
        indexedStatus?.connectionId ?? null,
        indexedStatus?.status ?? null,
      ],
    );
  }

  recentTransitions(manager: EntityManager, tenantId: string, connectionId: string): Promise<ConnectionTransition[]> {
    return manager.find(ConnectionTransition, { where: { tenantId, connectionId }, order: { occurredAt: 'DESC' }, take: RECENT });
  }

  recentFailures(manager: EntityManager, tenantId: string, connectionId: string): Promise<ConnectionFailure[]> {
    return manager.find(ConnectionFailure, { where: { tenantId, connectionId }, order: { occurredAt: 'DESC' }, take: RECENT });
  }

  /** The connection's entry in the cross-tenant index, first probe at `nextProbeAt` (a transition updates its status: addHealthRecords). */
  async index(manager: EntityManager, connection: Connection, nextProbeAt: Date): Promise<void> {
    const entry = { connectionId: connection.id, tenantId: connection.tenantId, system: connection.system, status: connection.status, probeIntervalSeconds: connection.probeIntervalSeconds };
    await manager.upsert(ConnectionIndexEntry, { ...entry, nextProbeAt }, ['connectionId']);
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
