import { Injectable } from '@nestjs/common';
import { arrayLiteral } from '@mate/database';
import type { EntityManager } from 'typeorm';
import { formatDecimal, fromNumeric, type Scaled } from '../common/decimal.util';
import { KeysetPage, mapPage, sortOrder, type Page, type SortedPageQuery, type SortKey } from '@mate/service-kit';
import { Meter, MeterReading, type MeterKindName } from './meter.entity';

const METER_SORT: Record<string, SortKey> = {
  name: { sql: 'm.name', type: 'text' },
  createdAt: { sql: 'm.created_at', type: 'timestamptz' },
};
const READING_SORT: Record<string, SortKey> = {
  readAt: { sql: 'r.read_at', type: 'timestamptz' },
};

/** What recording readings needs of a meter: where it stands, as exact decimals and epoch milliseconds. */
export interface MeterTotals {
  id: string;
  assetId: string;
  kind: MeterKindName;
  unit: string;
  lastValue: Scaled | null;
  lastReadAt: number | null;
  lifetime: Scaled;
  count: number;
}

/** A reading to insert, its decimals already canonical text. */
export interface NewReading {
  id: string;
  meterId: string;
  assetId: string;
  readAt: Date;
  value: string;
  delta: string | null;
  lifetimeTotal: string | null;
  isReset: boolean;
  workOrderId: string | null;
}

/** A stored reading next to a late one, in time. */
export interface NeighbourReading {
  id: string;
  value: Scaled;
  lifetimeTotal: Scaled | null;
  isReset: boolean;
  readAt: Date;
}

interface MeterTotalsRow {
  id: string;
  asset_id: string;
  kind: MeterKindName;
  unit: string;
  last_value: string | null;
  last_read_at: Date | null;
  lifetime_total: string;
  reading_count: string;
}

interface NeighbourRow {
  id: string;
  value: string;
  lifetime_total: string | null;
  is_reset: boolean;
  read_at: Date;
}

function neighbour(row: NeighbourRow | undefined): NeighbourReading | null {
  if (!row) return null;
  return { id: row.id, value: fromNumeric(row.value), lifetimeTotal: row.lifetime_total === null ? null : fromNumeric(row.lifetime_total), isReset: row.is_reset, readAt: new Date(row.read_at) };
}

export interface ListMetersFilter {
  assetId?: string;
  kind?: MeterKindName;
}

export interface ReadingsFilter {
  from?: string;
  to?: string;
}

/**
 * Every query of meters and their readings; each runs in the caller's (tenant) transaction. Single
 * meters go through TypeORM's entity API; recording readings, the hot path, through set-based SQL
 * (one insert per chunk, one update for all meters).
 */
@Injectable()
export class MeterRepository {
  findById(manager: EntityManager, tenantId: string, id: string): Promise<Meter | null> {
    return manager.findOneBy(Meter, { id, tenantId });
  }

  async page(manager: EntityManager, tenantId: string, filter: ListMetersFilter, query: SortedPageQuery): Promise<Page<Meter>> {
    const qb = manager.createQueryBuilder(Meter, 'm').where('m.tenant_id = :tenantId', { tenantId });
    if (filter.assetId) qb.andWhere('m.asset_id = :assetId', { assetId: filter.assetId });
    if (filter.kind) qb.andWhere('m.kind = :kind', { kind: filter.kind });
    return new KeysetPage(sortOrder(query.sort ?? 'name', METER_SORT, 'm.id'), query).fetch(qb);
  }

  async insert(manager: EntityManager, meter: Meter): Promise<void> {
    await manager.insert(Meter, meter);
  }

  async updateDefinition(manager: EntityManager, meter: Meter): Promise<void> {
    const { name, unit, version, updatedAt } = meter;
    await manager.update(Meter, { id: meter.id, tenantId: meter.tenantId }, { name, unit, version, updatedAt });
  }

  async delete(manager: EntityManager, meter: Meter): Promise<void> {
    await manager.delete(Meter, { id: meter.id, tenantId: meter.tenantId });
  }

  async readingsPage<T>(manager: EntityManager, tenantId: string, meterId: string, filter: ReadingsFilter, query: SortedPageQuery, map: (reading: MeterReading) => T): Promise<Page<T>> {
    const qb = manager.createQueryBuilder(MeterReading, 'r').where('r.tenant_id = :tenantId AND r.meter_id = :meterId', { tenantId, meterId });
    if (filter.from) qb.andWhere('r.read_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('r.read_at < :to', { to: filter.to });
    return mapPage(await new KeysetPage(sortOrder(query.sort ?? '-readAt', READING_SORT, 'r.id'), query).fetch(qb), map);
  }

  /** The meters' totals, locked in id order: concurrent recordings of the same meters serialise without deadlocks. */
  async lockTotals(manager: EntityManager, tenantId: string, meterIds: readonly string[]): Promise<MeterTotals[]> {
    const rows: MeterTotalsRow[] = await manager.query(
      `select id, asset_id, kind, unit, last_value::text, last_read_at, lifetime_total::text, reading_count::text
         from meters where tenant_id = $1 and id = any($2::uuid[]) order by id for update`,
      [tenantId, [...meterIds].sort()],
    );
    return rows.map((m) => ({
      id: m.id,
      assetId: m.asset_id,
      kind: m.kind,
      unit: m.unit,
      lastValue: m.last_value === null ? null : fromNumeric(m.last_value),
      lastReadAt: m.last_read_at === null ? null : new Date(m.last_read_at).getTime(),
      lifetime: fromNumeric(m.lifetime_total),
      count: Number(m.reading_count),
    }));
  }

  async saveTotals(manager: EntityManager, tenantId: string, meters: readonly MeterTotals[]): Promise<void> {
    if (meters.length === 0) return;
    await manager.query(
      `update meters m
          set last_value = u.last_value, last_read_at = u.last_read_at, lifetime_total = u.lifetime_total,
              reading_count = u.reading_count, updated_at = now()
         from unnest($2::uuid[], $3::numeric[], $4::timestamptz[], $5::numeric[], $6::bigint[])
              as u(id, last_value, last_read_at, lifetime_total, reading_count)
        where m.tenant_id = $1 and m.id = u.id`,
      [
        tenantId,
        meters.map((m) => m.id),
        meters.map((m) => (m.lastValue === null ? null : formatDecimal(m.lastValue))),
        meters.map((m) => (m.lastReadAt === null ? null : new Date(m.lastReadAt).toISOString())),
        meters.map((m) => formatDecimal(m.lifetime)),
        meters.map((m) => String(m.count)),
      ],
    );
  }

  /** Stored readings at exactly these (meter, instant) pairs, with their values. */
  async findAt(manager: EntityManager, tenantId: string, keys: ReadonlyArray<{ meterId: string; readAt: Date }>): Promise<Array<{ id: string; meterId: string; readAt: Date; value: Scaled }>> {
    if (keys.length === 0) return [];
    const found: Array<{ id: string; meter_id: string; read_at: Date; value: string }> = await manager.query(
      `select r.id, r.meter_id, r.read_at, r.value::text
         from meter_readings r
         join unnest($2::uuid[], $3::timestamptz[]) as k(meter_id, read_at) on r.meter_id = k.meter_id and r.read_at = k.read_at
        where r.tenant_id = $1`,
      [tenantId, keys.map((k) => k.meterId), keys.map((k) => k.readAt.toISOString())],
    );
    return found.map((f) => ({ id: f.id, meterId: f.meter_id, readAt: new Date(f.read_at), value: fromNumeric(f.value) }));
  }

  async insertReadings(manager: EntityManager, tenantId: string, rows: readonly NewReading[], actor: string, source: string): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `insert into meter_readings (id, tenant_id, meter_id, asset_id, read_at, value, delta, lifetime_total, is_reset, work_order_id, source, recorded_by, created_at)
       select u.id, $1, u.meter_id, u.asset_id, u.read_at, u.value, u.delta, u.lifetime_total, u.is_reset, u.work_order_id, $2, $3, now()
         from unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[], $8::numeric[], $9::numeric[], $10::numeric[], $11::boolean[], $12::uuid[])
              as u(id, meter_id, asset_id, read_at, value, delta, lifetime_total, is_reset, work_order_id)`,
      [
        tenantId,
        source,
        actor,
        arrayLiteral(rows.map((r) => r.id)),
        arrayLiteral(rows.map((r) => r.meterId)),
        arrayLiteral(rows.map((r) => r.assetId)),
        arrayLiteral(rows.map((r) => r.readAt.toISOString())),
        arrayLiteral(rows.map((r) => r.value)),
        arrayLiteral(rows.map((r) => r.delta)),
        arrayLiteral(rows.map((r) => r.lifetimeTotal)),
        arrayLiteral(rows.map((r) => r.isReset)),
        arrayLiteral(rows.map((r) => r.workOrderId)),
      ],
    );
  }

  /** The stored readings just before and just after `at`. */
  async neighbours(manager: EntityManager, tenantId: string, meterId: string, at: Date): Promise<{ previous: NeighbourReading | null; next: NeighbourReading | null }> {
    const [previous]: NeighbourRow[] = await manager.query(
      `select id, value::text, lifetime_total::text, is_reset, read_at from meter_readings
        where tenant_id = $1 and meter_id = $2 and read_at < $3 order by read_at desc limit 1`,
      [tenantId, meterId, at.toISOString()],
    );
    const [next]: NeighbourRow[] = await manager.query(
      `select id, value::text, lifetime_total::text, is_reset, read_at from meter_readings
        where tenant_id = $1 and meter_id = $2 and read_at > $3 order by read_at asc limit 1`,
      [tenantId, meterId, at.toISOString()],
    );
    return { previous: neighbour(previous), next: neighbour(next) };
  }

  async setDelta(manager: EntityManager, tenantId: string, readingId: string, delta: Scaled): Promise<void> {
    await manager.query(`update meter_readings set delta = $3 where tenant_id = $1 and id = $2`, [tenantId, readingId, formatDecimal(delta)]);
  }

  /** Moves the lifetime total of every reading after `after`, and the meter's, by `shift`. */
  async shiftLifetimeAfter(manager: EntityManager, tenantId: string, meterId: string, after: Date, shift: Scaled): Promise<void> {
    const text = formatDecimal(shift);
    await manager.query(`update meter_readings set lifetime_total = lifetime_total + $4 where tenant_id = $1 and meter_id = $2 and read_at > $3`, [
      tenantId,
      meterId,
      after.toISOString(),
      text,
    ]);
    await manager.query(`update meters set lifetime_total = lifetime_total + $3 where tenant_id = $1 and id = $2`, [tenantId, meterId, text]);
  }

  async countOneMoreReading(manager: EntityManager, tenantId: string, meterId: string): Promise<void> {
    await manager.query(`update meters set reading_count = reading_count + 1 where tenant_id = $1 and id = $2`, [tenantId, meterId]);
  }
}
