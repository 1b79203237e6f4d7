import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { numericText } from '../common/decimal.util';
import type { HistoryEntryDto, HistoryQueryDto } from './assets.dto';
import { AssetsService } from './assets.service';

interface HistoryRow {
  kind: 'status' | 'downtime' | 'reading' | 'stock';
  at: Date;
  details: Record<string, unknown>;
}

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

  history(principal: Principal, assetId: string, query: HistoryQueryDto): Promise<HistoryEntryDto[]> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      await this.assets.require(manager, tenantId, assetId);
      const rows: HistoryRow[] = await manager.query(
        `select kind, at, details from (
           select 'status' as kind, changed_at as at,
                  jsonb_build_object('from', from_status, 'to', to_status, 'reason', reason, 'workOrderId', work_order_id, 'by', changed_by) as details
             from asset_status_changes where tenant_id = $1 and asset_id = $2
           union all
           select 'downtime', started_at,
                  jsonb_build_object('id', id, 'kind', kind, 'status', status, 'reason', reason, 'workOrderId', work_order_id,
                                     'startedAt', started_at, 'endedAt', ended_at)
             from downtimes where tenant_id = $1 and asset_id = $2
           union all
           select 'reading', r.read_at,
                  jsonb_build_object('meterId', r.meter_id, 'meterName', m.name, 'unit', m.unit, 'value', r.value::text,
                                     'delta', r.delta::text, 'lifetimeTotal', r.lifetime_total::text, 'isReset', r.is_reset,
                                     'workOrderId', r.work_order_id, 'source', r.source)
             from meter_readings r join meters m on m.id = r.meter_id
            where r.tenant_id = $1 and r.asset_id = $2
           union all
           select 'stock', s.occurred_at,
                  jsonb_build_object('movementId', s.id, 'movement', s.kind, 'partId', s.part_id, 'sku', p.sku, 'storeroomId', s.storeroom_id,
                                     'quantity', s.quantity::text, 'workOrderId', s.work_order_id, 'reason', s.reason, 'actor', s.actor)
             from stock_movements s join parts p on p.id = s.part_id
            where s.tenant_id = $1 and s.asset_id = $2
         ) h
         where ($3::timestamptz is null or at < $3) and kind = any($4)
         order by at desc
         limit $5`,
        [tenantId, assetId, query.before ?? null, query.kinds?.length ? query.kinds : ALL_KINDS, query.limit ?? 100],
      );
      return rows.map((row) => ({ kind: row.kind, at: new Date(row.at).toISOString(), summary: summaryOf(row), details: row.details }));
    });
  }
}
