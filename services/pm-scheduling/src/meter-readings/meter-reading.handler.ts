import { timestampDate } from '@bufbuild/protobuf/wkt';
import { MeterKind, MeterReadingRecordedSchema, type MeterReadingRecorded } from '@mate/contracts';
import { EventContext, OnEvent, PermanentEventError } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { StreamStepper } from '../occurrences/stream-stepper';
import { recordReading, type MeterReading } from '../schedule';
import { MeterUsageRepository } from './meter-usage.repository';

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
 * the usage rate the forecast projects meter-based occurrences with. Redelivered and late readings
 * change nothing (the inbox, and the engine ignores readings at or before the last one applied).
 */
@Controller()
export class MeterReadingHandler {
  constructor(
    @Inject(StreamStepper) private readonly stepper: StreamStepper,
    @Inject(MeterUsageRepository) private readonly usage: MeterUsageRepository,
  ) {}

  @OnEvent(MeterReadingRecordedSchema)
  async onMeterReading(@Payload() event: MeterReadingRecorded, @Ctx() ctx: EventContext): Promise<void> {
    const reading = meterReadingOf(event);
    if (reading.lifetimeTotal !== null) await this.usage.record(ctx.manager, ctx.tenantId, reading);
    await this.stepper.stepAssetStreams(ctx.manager, ctx.tenantId, reading.assetId, (definition, key, state) => recordReading(definition, key, state, reading));
  }
}
