import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StreamStepper } from '../../occurrences/stream-stepper';
import { recordReading, type MeterReading } from '../../schedule';
import type { CumulativeReading } from '../meter-usage-window';
import { MeterUsageRepository } from '../meter-usage.repository';

export type AssetReading = MeterReading & { assetId: string };

/**
 * A run of readings, in their order: the usage windows of the cumulative meters move (the forecast's
 * rates), and each asset's streams are stepped with its readings in turn. The same effects as
 * applying them one by one; a reading at or before the last one a trigger or window applied
 * (redelivered, late) changes nothing.
 */
@Injectable()
export class ApplyMeterReadings {
  constructor(
    @Inject(StreamStepper) private readonly stepper: StreamStepper,
    @Inject(MeterUsageRepository) private readonly usage: MeterUsageRepository,
  ) {}

  async execute(manager: EntityManager, tenantId: string, readings: readonly AssetReading[]): Promise<void> {
    await this.usage.recordAll(manager, tenantId, readings.filter((reading): reading is CumulativeReading => reading.lifetimeTotal !== null));
    const byAsset = new Map<string, AssetReading[]>();
    for (const reading of readings) byAsset.set(reading.assetId, [...(byAsset.get(reading.assetId) ?? []), reading]);
    for (const [assetId, run] of byAsset) {
      await this.stepper.stepAssetStreamsInTurn(manager, tenantId, assetId, run, (definition, key, state, reading) => recordReading(definition, key, state, reading));
    }
  }
}
