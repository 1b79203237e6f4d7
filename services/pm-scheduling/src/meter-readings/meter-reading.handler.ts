import { timestampDate } from '@bufbuild/protobuf/wkt';
import { MeterKind, MeterReadingRecordedSchema, type MeterReadingRecorded } from '@mate/contracts';
import { OnEventBatch, PermanentEventError, type BatchedEvent, type EventBatchContext } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MeterReading } from '../schedule';
import { ApplyMeterReadings } from './use-cases/apply-meter-readings';

function decimal(value: string, field: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new PermanentEventError(`MeterReadingRecorded.${field} is not a decimal`);
  return parsed;
}

/** The reading as the engine takes it, or a permanent error: a malformed event never gets better. */
export function meterReadingOf(event: MeterReadingRecorded): MeterReading & { assetId: string } {
  if (!isUuid(event.meterId) || !isUuid(event.assetId)) throw new PermanentEventError('MeterReadingRecorded needs meter_id and asset_id');
  if (!event.readAt) throw new PermanentEventError('MeterReadingRecorded needs read_at');
  const readAt = timestampDate(event.readAt);
  if (Number.isNaN(readAt.getTime())) throw new PermanentEventError('MeterReadingRecorded.read_at is not a valid time');
  const cumulative = event.kind === MeterKind.CUMULATIVE;
  return {
    meterId: event.meterId,
    assetId: event.assetId,
    unit: event.unit,
    value: decimal(event.value, 'value'),
    lifetimeTotal: cumulative && event.lifetimeTotal !== '' ? decimal(event.lifetimeTotal, 'lifetime_total') : null,
    readAt,
  };
}

/**
 * Meter readings step the meter triggers of every active stream of the reading's asset, and feed
 * the usage rate the forecast projects meter-based occurrences with. A run of readings (up to the
 * consumer's run of one partition) is applied at once: each asset's streams are locked, read and
 * written once for all its readings. Redelivered and late readings change nothing (the inbox, and
 * the engine ignores readings at or before the last one applied). A malformed reading fails the
 * run, which the consumer then replays one event per call: only that reading is dead-lettered.
 */
@Controller()
export class MeterReadingHandler {
  constructor(@Inject(ApplyMeterReadings) private readonly apply: ApplyMeterReadings) {}

  @OnEventBatch(MeterReadingRecordedSchema)
  async onMeterReadings(@Payload() events: BatchedEvent<MeterReadingRecorded>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    await this.apply.execute(ctx.manager, ctx.tenantId, events.map(({ payload }) => meterReadingOf(payload)));
  }
}
