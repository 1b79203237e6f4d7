import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MeterReading, UsageRateSource } from './meter-usage.model';

/** The window the usage rate is measured over: the readings of about the last 30 days. */
const WINDOW_MS = 30 * 86_400_000;

/** Usage of cumulative meters: a window's first and last lifetime total, from which a rate follows. */
@Injectable()
export class MeterUsageRepository {
  /**
   * Moves the window's end to a newer reading; once the window is longer than 30 days its start
   * moves up to the previous end, so the rate follows recent usage.
   */
  async record(manager: EntityManager, tenantId: string, reading: MeterReading & { assetId: string }): Promise<void> {
    await manager.query(
      `insert into meter_usage (tenant_id, meter_id, asset_id, unit, window_start_total, window_start_at, last_total, last_read_at)
       values ($1, $2, $3, $4, $5, $6, $5, $6)
       on conflict (tenant_id, meter_id) do update
         set window_start_total = case when meter_usage.window_start_at < $6::timestamptz - $7 * interval '1 millisecond' then meter_usage.last_total else meter_usage.window_start_total end,
             window_start_at = case when meter_usage.window_start_at < $6::timestamptz - $7 * interval '1 millisecond' then meter_usage.last_read_at else meter_usage.window_start_at end,
             last_total = excluded.last_total,
             last_read_at = excluded.last_read_at,
             unit = excluded.unit
       where excluded.last_read_at > meter_usage.last_read_at`,
      [tenantId, reading.meterId, reading.assetId, reading.unit, reading.lifetimeTotal, reading.readAt, WINDOW_MS],
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
