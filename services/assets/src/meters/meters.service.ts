import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  isBeyondFutureTolerance,
  isDateTime,
  isUuid,
  mapPage,
  SERVICE_CONFIG,
  TenantTransactions,
  type FieldError,
  type Page,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { assertNotDecommissioned, AssetsService } from '../assets';
import type { AssetsConfig } from '../config/assets.config';
import { isDecimalString, numericText } from '../common/decimal.util';
import { Meter, type MeterReading } from './meter.entity';
import { MeterRepository } from './meter.repository';
import { MeterException, MeterExceptionCode } from './meter.exception';
import type {
  BulkReadingsResultDto,
  CreateMeterDto,
  ListMetersQueryDto,
  ListReadingsQueryDto,
  MeterDto,
  ReadingDto,
  RecordReadingDto,
  RecordReadingResultDto,
  RecordResetDto,
  UpdateMeterDto,
} from './meters.dto';
import type { IngestRow, ReadingOutcome } from './use-cases/reading-rules';
import { RecordReadings } from './use-cases/record-readings';

const BULK_ROW_FIELDS = new Set(['meterId', 'value', 'readAt', 'workOrderId']);

export function toMeterDto(meter: Meter): MeterDto {
  return {
    id: meter.id,
    assetId: meter.assetId,
    name: meter.name,
    kind: meter.kind,
    unit: meter.unit,
    lastValue: meter.lastValue === null ? null : numericText(meter.lastValue),
    lastReadAt: meter.lastReadAt?.toISOString() ?? null,
    lifetimeTotal: meter.kind === 'cumulative' ? numericText(meter.lifetimeTotal) : null,
    readingCount: Number(meter.readingCount),
    version: meter.version,
    createdAt: meter.createdAt.toISOString(),
  };
}

export function toReadingDto(reading: MeterReading): ReadingDto {
  return {
    id: reading.id,
    meterId: reading.meterId,
    readAt: reading.readAt.toISOString(),
    value: numericText(reading.value),
    delta: reading.delta === null ? null : numericText(reading.delta),
    lifetimeTotal: reading.lifetimeTotal === null ? null : numericText(reading.lifetimeTotal),
    isReset: reading.isReset,
    workOrderId: reading.workOrderId,
    source: reading.source,
    recordedBy: reading.recordedBy,
  };
}

@Injectable()
export class MetersService {
  constructor(
    @Inject(TenantTransactions) private readonly tenantTransactions: TenantTransactions,
    @Inject(AssetsService) private readonly assets: AssetsService,
    @Inject(MeterRepository) private readonly repository: MeterRepository,
    @Inject(RecordReadings) private readonly recordReadings: RecordReadings,
    @Inject(SERVICE_CONFIG) private readonly config: AssetsConfig,
  ) {}

  async require(manager: EntityManager, tenantId: string, id: string): Promise<Meter> {
    const meter = await this.repository.findById(manager, tenantId, id);
    if (!meter) throw new MeterException(MeterExceptionCode.NOT_FOUND, `meter ${id} not found`);
    return meter;
  }

  list(principal: Principal, query: ListMetersQueryDto): Promise<Page<MeterDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      // An asset the caller cannot see is a 404, not an empty page.
      if (query.assetId) await this.assets.require(manager, principal.tenantId, query.assetId);
      return mapPage(await this.repository.page(manager, principal.tenantId, { assetId: query.assetId, kind: query.kind }, query), toMeterDto);
    });
  }

  get(principal: Principal, id: string): Promise<MeterDto> {
    return this.tenantTransactions.run(principal, async (manager) => toMeterDto(await this.require(manager, principal.tenantId, id)));
  }

  /** A new meter, not on a decommissioned asset (the row lock orders this after a concurrent decommissioning). */
  create(principal: Principal, body: CreateMeterDto): Promise<MeterDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const asset = await this.assets.require(manager, principal.tenantId, body.assetId, true);
      assertNotDecommissioned(asset, 'no meter can be added to it');
      const now = new Date();
      const meter = Object.assign(new Meter(), {
        id: randomUUID(),
        tenantId: principal.tenantId,
        assetId: asset.id,
        name: body.name,
        kind: body.kind,
        unit: body.unit,
        lastValue: null,
        lastReadAt: null,
        lifetimeTotal: '0',
        readingCount: '0',
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.insert(manager, meter);
      return toMeterDto(meter);
    });
  }

  update(principal: Principal, id: string, body: UpdateMeterDto, ifMatch: VersionPrecondition): Promise<MeterDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const meter = await this.require(manager, principal.tenantId, id);
      ifMatch.assertMatches(meter.version);
      await this.requireAssetInService(manager, meter, 'the definitions of its meters are read-only (readings are still accepted)');
      if (body.name !== undefined) meter.name = body.name;
      if (body.unit !== undefined) meter.unit = body.unit;
      meter.version += 1;
      meter.updatedAt = new Date();
      await this.repository.updateDefinition(manager, meter);
      return toMeterDto(meter);
    });
  }

  remove(principal: Principal, id: string, ifMatch: VersionPrecondition): Promise<void> {
    return this.tenantTransactions.run(principal, async (manager) => {
      const meter = await this.require(manager, principal.tenantId, id);
      ifMatch.assertMatches(meter.version);
      await this.requireAssetInService(manager, meter, 'its meters cannot be deleted');
      if (Number(meter.readingCount) > 0) throw new MeterException(MeterExceptionCode.HAS_READINGS, 'the meter has readings: they are history and stay');
      await this.repository.delete(manager, meter);
    });
  }

  readings(principal: Principal, id: string, query: ListReadingsQueryDto): Promise<Page<ReadingDto>> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.require(manager, principal.tenantId, id);
      return this.repository.readingsPage(manager, principal.tenantId, id, { from: query.from, to: query.to }, query, toReadingDto);
    });
  }

  /** One reading: 201 recorded, 200 duplicate; a rule violation is a problem (409 conflict, 422 otherwise). */
  recordOne(principal: Principal, id: string, body: RecordReadingDto, isReset = false, source = 'api'): Promise<RecordReadingResultDto> {
    return this.tenantTransactions.run(principal, async (manager) => {
      await this.require(manager, principal.tenantId, id);
      const row = this.parseRow({ meterId: id, value: body.value, readAt: body.readAt, workOrderId: body.workOrderId }, isReset);
      const [outcome] = await this.recordReadings.execute(manager, principal.tenantId, [row], principal.subject, source);
      return this.single(outcome);
    });
  }

  recordReset(principal: Principal, id: string, body: RecordResetDto): Promise<RecordReadingResultDto> {
    return this.recordOne(principal, id, { value: body.value, readAt: body.readAt }, true, body.reason ? `reset: ${body.reason}` : 'reset');
  }

  /** Many readings in one transaction, each answered on its own: a bad row never fails the others. */
  recordBulk(principal: Principal, rows: readonly unknown[]): Promise<BulkReadingsResultDto> {
    const max = this.config.extra.METER_BULK_MAX_READINGS;
    if (rows.length > max) throw new MeterException(MeterExceptionCode.TOO_MANY_READINGS, `at most ${max} readings per request`);
    const parsed = rows.map((row) => this.parseUnknownRow(row));
    return this.tenantTransactions.run(principal, async (manager) => {
      const outcomes = await this.recordReadings.execute(manager, principal.tenantId, parsed, principal.subject, 'bulk');
      let recorded = 0;
      let duplicates = 0;
      const results = outcomes.map((outcome, index) => {
        if (outcome.status === 'recorded') {
          recorded += 1;
          return { index, status: outcome.status, readingId: outcome.readingId };
        }
        if (outcome.status === 'duplicate') {
          duplicates += 1;
          return { index, status: outcome.status, readingId: outcome.readingId };
        }
        return { index, status: outcome.status, code: outcome.code, error: outcome.error };
      });
      return { recorded, duplicates, rejected: rows.length - recorded - duplicates, results };
    });
  }

  /** Records readings for the event consumer (inside its inbox transaction). */
  ingestIn(manager: EntityManager, tenantId: string, rows: readonly IngestRow[], actor: string, source: string): Promise<ReadingOutcome[]> {
    return this.recordReadings.execute(manager, tenantId, rows, actor, source);
  }

  parseRow(row: { meterId: string; value: string; readAt: string | Date; workOrderId?: string | null }, isReset = false): IngestRow {
    const readAt = row.readAt instanceof Date ? row.readAt : new Date(row.readAt);
    if (Number.isNaN(readAt.getTime())) return { rejected: 'invalid', error: 'readAt must be an ISO 8601 date-time' };
    if (isBeyondFutureTolerance(readAt, this.config)) {
      return { rejected: 'future', error: `readAt is more than ${this.config.futureTimeToleranceSeconds} s in the future` };
    }
    return { meterId: row.meterId, value: row.value, readAt, workOrderId: row.workOrderId ?? null, isReset };
  }

  private parseUnknownRow(row: unknown): IngestRow {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return { rejected: 'invalid', error: 'each reading must be an object' };
    const record = row as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const key of Object.keys(record)) if (!BULK_ROW_FIELDS.has(key)) errors.push({ field: key, message: `property ${key} should not exist` });
    if (!isUuid(record.meterId)) errors.push({ field: 'meterId', message: 'meterId must be a UUID' });
    const value = typeof record.value === 'number' && Number.isFinite(record.value) ? String(record.value) : record.value;
    if (!isDecimalString(value)) errors.push({ field: 'value', message: 'value must be a decimal (string or number), at most 15 integer and 6 fraction digits' });
    // Not just the shape: 2026-02-30T10:00:00Z has it, and Date would read it as 2 March.
    if (typeof record.readAt !== 'string' || !isDateTime(record.readAt)) {
      errors.push({ field: 'readAt', message: 'readAt must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T14:30:00Z' });
    }
    if (record.workOrderId !== undefined && record.workOrderId !== null && !isUuid(record.workOrderId)) errors.push({ field: 'workOrderId', message: 'workOrderId must be a UUID' });
    if (errors.length > 0) return { rejected: 'invalid', error: errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
    return this.parseRow({
      meterId: record.meterId as string,
      value: value as string,
      readAt: record.readAt as string,
      workOrderId: (record.workOrderId as string | undefined) ?? null,
    });
  }

  /**
   * Refuses a change to a meter's definition (edit, delete) once its asset is decommissioned (409
   * ASSET_DECOMMISSIONED), like a new meter. The asset's row lock orders this after a concurrent
   * decommissioning. Readings do not come here: a late one may predate the decommissioning.
   */
  private async requireAssetInService(manager: EntityManager, meter: Meter, refused: string): Promise<void> {
    const asset = await this.assets.require(manager, meter.tenantId, meter.assetId, true);
    assertNotDecommissioned(asset, refused);
  }

  private single(outcome: ReadingOutcome): RecordReadingResultDto {
    if (outcome.status === 'recorded') return { status: 'recorded', readingId: outcome.readingId, delta: outcome.delta, lifetimeTotal: outcome.lifetimeTotal };
    if (outcome.status === 'duplicate') return { status: 'duplicate', readingId: outcome.readingId };
    if (outcome.code === 'conflict') throw new MeterException(MeterExceptionCode.READING_CONFLICT, outcome.error);
    if (outcome.code === 'meter_not_found') throw new MeterException(MeterExceptionCode.NOT_FOUND, outcome.error);
    if (outcome.code === 'reset_not_allowed') throw new MeterException(MeterExceptionCode.RESET_NOT_ALLOWED, outcome.error);
    throw new MeterException(MeterExceptionCode.READING_REJECTED, outcome.error);
  }
}
