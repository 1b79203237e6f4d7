import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

// A type, not an interface: the page reads its cursor_ columns as a record.
export type HistoryRow = {
  kind: 'status' | 'downtime' | 'reading' | 'stock';
  id: string;
  at: Date;
  details: Record<string, unknown>;
  // The order columns as PostgreSQL prints them, for the cursor (a Date keeps milliseconds only).
  cursor_at: string;
  cursor_kind: string;
  cursor_id: string;
};

export interface HistoryQuery {
  before: string | null;
  kinds: readonly string[];
  /** The last entry of the previous page: entries sort by (at, kind, id) descending. */
  after: { at: string; kind: string; id: string } | null;
  limit: number;
}

/** The asset's history across its status changes, downtime, meter readings and stock movements. */
@Injectable()
export class AssetHistoryRepository {
  entries(manager: EntityManager, tenantId: string, assetId: string, query: HistoryQuery): Promise<HistoryRow[]> {
    return manager.query(
      `select kind, id, at, details, at::text as cursor_at, kind as cursor_kind, id::text as cursor_id from (
         select 'status' as kind, id, changed_at as at,
                jsonb_build_object('from', from_status, 'to', to_status, 'reason', reason, 'workOrderId', work_order_id, 'by', changed_by) as details
           from asset_status_changes where tenant_id = $1 and asset_id = $2
         union all
         select 'downtime', id, started_at,
                jsonb_build_object('id', id, 'kind', kind, 'status', status, 'reason', reason, 'workOrderId', work_order_id,
                                   'startedAt', started_at, 'endedAt', ended_at)
           from downtimes where tenant_id = $1 and asset_id = $2
         union all
         select 'reading', r.id, r.read_at,
                jsonb_build_object('meterId', r.meter_id, 'meterName', m.name, 'unit', m.unit, 'value', r.value::text,
                                   'delta', r.delta::text, 'lifetimeTotal', r.lifetime_total::text, 'isReset', r.is_reset,
                                   'workOrderId', r.work_order_id, 'source', r.source)
           from meter_readings r join meters m on m.id = r.meter_id
          where r.tenant_id = $1 and r.asset_id = $2
         union all
         select 'stock', s.id, s.occurred_at,
                jsonb_build_object('movementId', s.id, 'movement', s.kind, 'partId', s.part_id, 'sku', p.sku, 'storeroomId', s.storeroom_id,
                                   'quantity', s.quantity::text, 'workOrderId', s.work_order_id, 'reason', s.reason, 'actor', s.actor)
           from stock_movements s join parts p on p.id = s.part_id
          where s.tenant_id = $1 and s.asset_id = $2
       ) h
       where ($3::timestamptz is null or at < $3) and kind = any($4)
         and ($6::timestamptz is null or (at, kind, id) < ($6::timestamptz, $7::text, $8::uuid))
       order by at desc, kind desc, id desc
       limit $5`,
      [tenantId, assetId, query.before, query.kinds, query.limit, query.after?.at ?? null, query.after?.kind ?? null, query.after?.id ?? null],
    );
  }
}
