import { Inject, Injectable, Logger } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { connectionNotFound } from '../../connections/connection.exception';
import { ConnectionRepository } from '../../connections/connection.repository';
import type { SyncScheduleDto, SyncScheduleViewDto } from '../dtos/sync.dtos';
import { SYNC_SOURCE, type SyncSource } from '../sync-source';
import { SyncException, unknownEntity } from '../sync.exception';
import type { SyncMode, SyncedEntity } from '../sync.types';
import { RequestSync } from './request-sync';
import { syncableEntities } from './syncable-entities';

type Row = Record<string, unknown>;

const view = (row: Row): SyncScheduleViewDto => ({
  entity: row.entity as string,
  mode: row.mode as string,
  intervalSeconds: Number(row.interval_seconds),
  nextRunAt: new Date(row.next_run_at as string).toISOString(),
});

/**
 * Schedules per connection × entity. The table has no row-level security (the round claims due
 * rows across tenants, like the probe index), so every tenant-facing query names the tenant.
 */
@Injectable()
export class SyncSchedules {
  private readonly logger = new Logger(SyncSchedules.name);

  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(SYNC_SOURCE) private readonly source: SyncSource,
    @Inject(RequestSync) private readonly requestSync: RequestSync,
  ) {}

  list(tenantId: string, connectionId: string): Promise<SyncScheduleViewDto[]> {
    return this.transactions.run(tenantId, async (manager) => {
      await this.connection(manager, tenantId, connectionId);
      const rows: Row[] = await manager.query(`select * from sync_schedules where tenant_id = $1 and connection_id = $2 order by entity`, [tenantId, connectionId]);
      return rows.map(view);
    });
  }

  put(principal: Principal, connectionId: string, entity: SyncedEntity, body: SyncScheduleDto): Promise<SyncScheduleViewDto> {
    return this.transactions.run(principal.tenantId, async (manager) => {
      const connection = await this.connection(manager, principal.tenantId, connectionId);
      const settings = this.source.settingsOf(connection);
      if (!this.source.declaration(connection.system, entity, settings)) throw unknownEntity('entity', entity, syncableEntities(this.source, connection.system, settings));
      const rows: Row[] = await manager.query(
        `insert into sync_schedules (connection_id, entity, tenant_id, mode, interval_seconds, next_run_at, created_by, updated_at)
         values ($1, $2, $3, $4, $5, now(), $6, now())
         on conflict (connection_id, entity) do update set mode = excluded.mode, interval_seconds = excluded.interval_seconds, updated_at = now(),
           next_run_at = least(sync_schedules.next_run_at, now() + make_interval(secs => excluded.interval_seconds))
         returning *`,
        [connectionId, entity, principal.tenantId, body.mode, body.intervalSeconds, principal.subject],
      );
      return view(rows[0] as Row);
    });
  }

  remove(tenantId: string, connectionId: string, entity: SyncedEntity): Promise<void> {
    return this.transactions.run(tenantId, async (manager) => {
      await this.connection(manager, tenantId, connectionId);
      await manager.query(`delete from sync_schedules where tenant_id = $1 and connection_id = $2 and entity = $3`, [tenantId, connectionId, entity]);
    });
  }

  /**
   * One round: claims the due schedules (SKIP LOCKED, so replicas share them), moves each on by its
   * interval in the same short transaction, then requests their runs. A schedule whose run is still
   * going is skipped (409); one of a deleted or unknown entity is dropped.
   */
  async runDue(now = new Date(), batchSize = 100): Promise<number> {
    const due: Row[] = await this.dataSource.transaction(async (manager) => {
      const rows: Row[] = await manager.query(
        `select connection_id, entity, tenant_id, mode from sync_schedules where next_run_at <= $1 order by next_run_at limit $2 for update skip locked`,
        [now, batchSize],
      );
      for (const row of rows) {
        await manager.query(`update sync_schedules set next_run_at = $3::timestamptz + make_interval(secs => interval_seconds) where connection_id = $1 and entity = $2`, [row.connection_id, row.entity, now]);
      }
      return rows;
    });
    for (const row of due) {
      await this.requestSync
        .execute(row.tenant_id as string, { connectionId: row.connection_id as string, entity: row.entity as SyncedEntity, mode: row.mode as SyncMode, trigger: 'schedule', requestedBy: 'schedule' })
        .catch((error: unknown) => {
          if (!(error instanceof SyncException)) this.logger.warn(`scheduled sync of ${String(row.connection_id)} ${String(row.entity)} not started: ${(error as Error).message}`);
        });
    }
    return due.length;
  }

  private async connection(manager: EntityManager, tenantId: string, connectionId: string) {
    const connection = await this.connections.findLive(manager, tenantId, connectionId);
    if (!connection) throw connectionNotFound();
    return connection;
  }
}
