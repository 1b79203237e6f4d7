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
import { AssetHistoryRepository, type HistoryRow } from './asset-history.repository';
import type { HistoryDto, HistoryQueryDto } from './assets.dto';
import { AssetsService } from './assets.service';

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
    @Inject(AssetHistoryRepository) private readonly repository: AssetHistoryRepository,
  ) {}

  history(principal: Principal, assetId: string, query: HistoryQueryDto): Promise<HistoryDto> {
    const page = new KeysetPage(HISTORY_ORDER, query, { defaultLimit: 100 });
    const cursor = page.after;
    // Checked like the casts: a forged kind answers 400 naming `cursor`.
    if (cursor && !ALL_KINDS.includes(cursor.kind)) throw invalidCursor();
    return this.tenantTransactions.run(principal, async (manager) => {
      const tenantId = principal.tenantId;
      await this.assets.require(manager, tenantId, assetId);
      const rows = await this.repository.entries(manager, tenantId, assetId, {
        before: query.before ?? null,
        kinds: query.kinds?.length ? query.kinds : ALL_KINDS,
        after: cursor ? { at: cursor.at, kind: cursor.kind, id: cursor.id } : null,
        limit: page.limit + 1,
      });
      return mapPage(page.finish(rows, rows), (row) => ({ kind: row.kind, at: new Date(row.at).toISOString(), summary: summaryOf(row), details: row.details }));
    });
  }
}
