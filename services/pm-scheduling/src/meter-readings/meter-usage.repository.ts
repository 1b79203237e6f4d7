import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UsageRateSource } from './meter-usage.model';
import { usageWindowAfter, type CumulativeReading, type UsageWindow } from './meter-usage-window';

interface UsageRow {
  meter_id: string;
  asset_id: string;
  unit: string;
  window_start_total: string;
  window_start_at: Date;
  last_total: string;
  last_read_at: Date;
}

/** Usage of cumulative meters: a window's first and last lifetime total, from which a rate follows. */
@Injectable()
export class MeterUsageRepository {
  /**
   * Applies readings of cumulative meters in their order (see usageWindowAfter): the meters'
   * windows are read locked, moved in memory and written back with one statement, whatever the
   * number of readings.
   */
  async recordAll(manager: EntityManager, tenantId: string, readings: readonly CumulativeReading[]): Promise<void> {
    if (readings.length === 0) return;
    const meterIds = [...new Set(readings.map((reading) => reading.meterId))];
    const rows: UsageRow[] = await manager.query(
      `select meter_id, asset_id, unit, window_start_total, window_start_at, last_total, last_read_at
         from meter_usage where tenant_id = $1 and meter_id = any($2::uuid[]) for update`,
      [tenantId, meterIds],
    );
    const windows = new Map<string, UsageWindow>(rows.map((row) => [row.meter_id, windowOf(row)]));
    const before = new Map(windows);
    for (const reading of readings) windows.set(reading.meterId, usageWindowAfter(windows.get(reading.meterId), reading));
    const changed = [...windows.values()].filter((window) => before.get(window.meterId) !== window);
    if (changed.length === 0) return;
    await manager.query(
      `insert into meter_usage (tenant_id, meter_id, asset_id, unit, window_start_total, window_start_at, last_total, last_read_at)
       select $1, w.* from unnest($2::uuid[], $3::uuid[], $4::text[], $5::numeric[], $6::timestamptz[], $7::numeric[], $8::timestamptz[])
         as w(meter_id, asset_id, unit, window_start_total, window_start_at, last_total, last_read_at)
       on conflict (tenant_id, meter_id) do update
         set unit = excluded.unit, window_start_total = excluded.window_start_total, window_start_at = excluded.window_start_at,
             last_total = excluded.last_total, last_read_at = excluded.last_read_at`,
      [
        tenantId,
        changed.map((w) => w.meterId),
        changed.map((w) => w.assetId),
        changed.map((w) => w.unit),
        changed.map((w) => w.windowStartTotal),
        changed.map((w) => w.windowStartAt),
        changed.map((w) => w.lastTotal),
        changed.map((w) => w.lastReadAt),
      ],
    );
  }

  /** Usage per day of each meter of the assets, where a window of at least a day exists. */
  async ratesForAssets(manager: EntityManager, tenantId: string, assetIds: string[]): Promise<UsageRateSource[]> {
    if (assetIds.length === 0) return [];
    const rows: Array<{ meter_id: string; asset_id: string; unit: string; per_day: string }> = await manager.query(
      `select meter_id, asset_id, unit,
              (last_total - window_start_total) / (extract(epoch from (last_read_at - window_start_at)) / 86400) as per_day
         from meter_usage
        where tenant_id = $1 and asset_id = any($2::uuid[]) and last_read_at - window_start_at >= interval '1 day'`,
      [tenantId, assetIds],
    );
    return rows.map((row) => ({ meterId: row.meter_id, assetId: row.asset_id, unit: row.unit, unitsPerDay: Number(row.per_day) }));
  }
}

function windowOf(row: UsageRow): UsageWindow {
  return {
    meterId: row.meter_id,
    assetId: row.asset_id,
    unit: row.unit,
    windowStartTotal: Number(row.window_start_total),
    windowStartAt: row.window_start_at,
    lastTotal: Number(row.last_total),
    lastReadAt: row.last_read_at,
  };
}
