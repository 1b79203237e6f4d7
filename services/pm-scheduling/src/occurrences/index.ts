export { OccurrencesModule, OccurrenceEngineModule } from './occurrences.module';
export { OccurrenceEngine, type OccurrenceEngineOptions } from './occurrence-engine';
export { PmOccurrence } from './pm-occurrence.entity';
