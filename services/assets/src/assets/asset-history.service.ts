import { Inject, Injectable } from '@nestjs/common';
import {
  invalidCursor,
  KeysetPage,
  mapPage,
  TenantTransactions,
  type KeysetOrder,
  type Principal,
} from '@mate/service-kit';
import { numericText } from '../common/decimal.util';
import type { HistoryDto, HistoryQueryDto } from './assets.dto';
import { AssetsService } from './assets.service';

// A type, not an interface: the page reads its cursor_ columns as a record.
type HistoryRow = {
  kind: 'status' | 'downtime' | 'reading' | 'stock';
  id: string;
  at: Date;
  details: Record<string, unknown>;
  // The order columns as PostgreSQL prints them, for the cursor (a Date keeps milliseconds only).
  cursor_at: string;
  cursor_kind: string;
  cursor_id: string;
};

/** Entries sort by (at, kind, id) descending, so ties on `at` page correctly. */
const HISTORY_ORDER: KeysetOrder = {
  tag: 'history',
  descending: true,
  columns: [
    { name: 'at', sql: 'at', type: 'timestamptz' },
    { name: 'kind', sql: 'kind', type: 'text' },
    { name: 'id', sql: 'id', type: 'uuid' },
  ],
};

const ALL_KINDS = ['status', 'downtime', 'reading', 'stock'];

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
}

function summaryOf(row: HistoryRow): string {
  const d = row.details;
  switch (row.kind) {
    case 'status':
      return `status ${text(d.from) || '(new)'} → ${text(d.to)}${d.reason ? `: ${text(d.reason)}` : ''}`;
    case 'downtime':
      return `${text(d.kind)} downtime ${d.endedAt ? `until ${text(d.endedAt)}` : '(open)'}${d.reason ? `: ${text(d.reason)}` : ''}`;
    case 'reading':
      return `meter ${text(d.meterName)} read ${numericText(text(d.value))} ${text(d.unit)}${d.isReset ? ' (reset)' : ''}`;
    case 'stock':
      return `${text(d.movement)} of ${numericText(text(d.quantity))} × ${text(d.sku)}${d.workOrderId ? ` for work order ${text(d.workOrderId)}` : ''}`;
  }
}

/** An asset's history: status changes, downtime, meter readings and stock movements, newest first. */
@Injectable()
export class AssetHistoryService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(AssetsService) private readonly assets: AssetsService,
  ) {}

  history(principal: Principal, assetId: string, query: HistoryQueryDto): Promise<HistoryDto> {
    const page = new KeysetPage(HISTORY_ORDER, query, { defaultLimit: 100 });
    const cursor = page.after;
    // Checked like the casts: a forged kind answers 400 naming `cursor`.
    if (cursor && !ALL_KINDS.includes(cursor.kind)) throw invalidCursor();
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      await this.assets.require(manager, tenantId, assetId);
      const rows: HistoryRow[] = await manager.query(
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
        [
          tenantId,
          assetId,
          query.before ?? null,
          query.kinds?.length ? query.kinds : ALL_KINDS,
          page.limit + 1,
          cursor?.at ?? null,
          cursor?.kind ?? null,
          cursor?.id ?? null,
        ],
      );
      return mapPage(page.finish(rows, rows), (row) => ({ kind: row.kind, at: new Date(row.at).toISOString(), summary: summaryOf(row), details: row.details }));
    });
  }
}
