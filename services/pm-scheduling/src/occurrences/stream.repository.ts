import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StreamState } from '../schedule';

/** A stream row as the engine works with it. */
export interface StreamRow {
  planId: string;
  assetId: string;
  state: StreamState;
}

interface RawStream {
  plan_id: string;
  asset_id: string;
  state: StreamState;
}

const toRow = (raw: RawStream): StreamRow => ({ planId: raw.plan_id, assetId: raw.asset_id, state: raw.state });

/**
 * How long an occurrence waits for the work-orders service to report its work order created
 * (WorkOrderCreated) before the overlap policy stops treating it as open. The work-orders service
 * may refuse an occurrence (a template it cannot store) or dead-letter it after its retries; it
 * publishes nothing then, and without this limit `skip_if_open` would skip that plan forever.
 */
export const WORK_ORDER_CONFIRMATION_TIMEOUT_MS = 60 * 60_000;

/** Every query of the occurrence streams; each runs in the caller's tenant transaction. */
@Injectable()
export class StreamRepository {
  /**
   * Locks up to `limit` streams whose next generation time has come, earliest first, skipping
   * those another replica holds (FOR UPDATE SKIP LOCKED on pm_streams_due_idx). The lock lasts
   * until the caller's transaction ends, so no two replicas step the same stream at once.
   */
  async claimDue(manager: EntityManager, tenantId: string, now: Date, limit: number): Promise<StreamRow[]> {
    const rows: RawStream[] = await manager.query(
      `select plan_id, asset_id, state from pm_streams
        where tenant_id = $1 and next_due_at <= $2 and plan_active and paused_reason is null
        order by next_due_at
        limit $3
        for update skip locked`,
      [tenantId, now, limit],
    );
    return rows.map(toRow);
  }

  /** The streams of an asset across active plans, locked (readings and work-order events step them). */
  async lockForAsset(manager: EntityManager, tenantId: string, assetId: string): Promise<StreamRow[]> {
    const rows: RawStream[] = await manager.query(
      `select plan_id, asset_id, state from pm_streams
        where tenant_id = $1 and asset_id = $2 and plan_active and paused_reason is null
        order by plan_id
        for update`,
      [tenantId, assetId],
    );
    return rows.map(toRow);
  }

  /** One stream, locked; null when the plan has no stream for the asset. */
  async lock(manager: EntityManager, tenantId: string, planId: string, assetId: string): Promise<StreamRow | null> {
    const rows: RawStream[] = await manager.query(
      `select plan_id, asset_id, state from pm_streams where tenant_id = $1 and plan_id = $2 and asset_id = $3 for update`,
      [tenantId, planId, assetId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async listForPlan(manager: EntityManager, tenantId: string, planId: string): Promise<StreamRow[]> {
    const rows: RawStream[] = await manager.query(
      `select plan_id, asset_id, state from pm_streams where tenant_id = $1 and plan_id = $2 order by asset_id`,
      [tenantId, planId],
    );
    return rows.map(toRow);
  }

  /**
   * The streams with their open occurrences that never got a work order dropped from the open
   * list: generated more than WORK_ORDER_CONFIRMATION_TIMEOUT_MS ago (the database's clock, the
   * time they were recorded) and no word of their work order since. One query for the batch.
   */
  async releaseUnconfirmed(manager: EntityManager, tenantId: string, streams: StreamRow[]): Promise<StreamRow[]> {
    const open = streams.flatMap((stream) => stream.state.openOccurrenceIds);
    if (open.length === 0) return streams;
    const rows: Array<{ occurrence_id: string }> = await manager.query(
      `select occurrence_id from pm_occurrences
        where tenant_id = $1 and occurrence_id = any($2::uuid[]) and work_order_status is null
          and created_at < now() - $3 * interval '1 millisecond'`,
      [tenantId, open, WORK_ORDER_CONFIRMATION_TIMEOUT_MS],
    );
    if (rows.length === 0) return streams;
    const unconfirmed = new Set(rows.map((row) => row.occurrence_id));
    return streams.map((stream) => ({
      ...stream,
      state: { ...stream.state, openOccurrenceIds: stream.state.openOccurrenceIds.filter((id) => !unconfirmed.has(id)) },
    }));
  }

  async save(manager: EntityManager, tenantId: string, stream: StreamRow, nextDueAt: Date | null): Promise<void> {
    await this.saveAll(manager, tenantId, [{ stream, nextDueAt }]);
  }

  /** The new state and next generation time of several streams, in one statement. */
  async saveAll(manager: EntityManager, tenantId: string, streams: ReadonlyArray<{ stream: StreamRow; nextDueAt: Date | null }>): Promise<void> {
    if (streams.length === 0) return;
    await manager.query(
      `update pm_streams s set state = u.state, next_due_at = u.next_due_at, updated_at = now()
         from unnest($2::uuid[], $3::uuid[], $4::jsonb[], $5::timestamptz[]) as u(plan_id, asset_id, state, next_due_at)
        where s.tenant_id = $1 and s.plan_id = u.plan_id and s.asset_id = u.asset_id`,
      [
        tenantId,
        streams.map(({ stream }) => stream.planId),
        streams.map(({ stream }) => stream.assetId),
        streams.map(({ stream }) => JSON.stringify(stream.state)),
        streams.map(({ nextDueAt }) => nextDueAt),
      ],
    );
  }

  /** Adds the streams not there yet; an existing stream keeps its state. */
  async insertMissing(manager: EntityManager, tenantId: string, planId: string, active: boolean, streams: Array<{ assetId: string; state: StreamState; nextDueAt: Date | null }>): Promise<void> {
    if (streams.length === 0) return;
    await manager.query(
      `insert into pm_streams (tenant_id, plan_id, asset_id, state, next_due_at, plan_active)
       select $1, $2, s.asset_id, s.state, s.next_due_at, $3
         from unnest($4::uuid[], $5::jsonb[], $6::timestamptz[]) as s(asset_id, state, next_due_at)
       on conflict (plan_id, asset_id) do nothing`,
      [tenantId, planId, active, streams.map((s) => s.assetId), streams.map((s) => JSON.stringify(s.state)), streams.map((s) => s.nextDueAt)],
    );
  }

  /** Drops the active streams of assets not in `keepAssetIds`; paused ones stay (a decommissioned asset's history). */
  async deleteExcept(manager: EntityManager, tenantId: string, planId: string, keepAssetIds: string[]): Promise<void> {
    await manager.query(
      `delete from pm_streams where tenant_id = $1 and plan_id = $2 and paused_reason is null and not (asset_id = any($3::uuid[]))`,
      [tenantId, planId, keepAssetIds],
    );
  }

  async setPlanActive(manager: EntityManager, tenantId: string, planId: string, active: boolean): Promise<void> {
    await manager.query(`update pm_streams set plan_active = $3, updated_at = now() where tenant_id = $1 and plan_id = $2`, [tenantId, planId, active]);
  }

  /** Pauses every stream of an asset; answers the plans whose stream was paused just now. */
  async pauseForAsset(manager: EntityManager, tenantId: string, assetId: string, reason: string): Promise<string[]> {
    // An UPDATE through manager.query answers [rows, rowCount].
    const [rows]: [Array<{ plan_id: string }>, number] = await manager.query(
      `update pm_streams set paused_reason = $3, updated_at = now()
        where tenant_id = $1 and asset_id = $2 and paused_reason is null
        returning plan_id`,
      [tenantId, assetId, reason],
    );
    return rows.map((row) => row.plan_id);
  }
}
