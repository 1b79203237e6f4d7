export { MeterReadingsModule } from './meter-readings.module';
export { MeterUsageRepository } from './meter-usage.repository';
