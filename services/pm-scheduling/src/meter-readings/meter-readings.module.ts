import { Module } from '@nestjs/common';
import { OccurrencesModule } from '../occurrences';
import { MeterReadingHandler } from './meter-reading.handler';
import { MeterUsageRepository } from './meter-usage.repository';

@Module({ imports: [OccurrencesModule], controllers: [MeterReadingHandler], providers: [MeterUsageRepository], exports: [MeterUsageRepository] })
export class MeterReadingsModule {}
