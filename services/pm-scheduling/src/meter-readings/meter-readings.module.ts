import { Module } from '@nestjs/common';
import { OccurrencesModule } from '../occurrences';
import { MeterReadingHandler } from './meter-reading.handler';
import { MeterUsageRepository } from './meter-usage.repository';
import { ApplyMeterReadings } from './use-cases/apply-meter-readings';

@Module({ imports: [OccurrencesModule], controllers: [MeterReadingHandler], providers: [MeterUsageRepository, ApplyMeterReadings], exports: [MeterUsageRepository] })
export class MeterReadingsModule {}
