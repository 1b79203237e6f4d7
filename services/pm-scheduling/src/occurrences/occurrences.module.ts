import { Module, type DynamicModule } from '@nestjs/common';
import { PmPlansModule } from '../pm-plans';
import { OCCURRENCE_ENGINE_OPTIONS, OccurrenceEngine, type OccurrenceEngineOptions } from './occurrence-engine';
import { StreamStepper } from './stream-stepper';

/** Stepping streams by consumed events (readings, work-order outcomes). */
@Module({ imports: [PmPlansModule], providers: [StreamStepper], exports: [StreamStepper] })
export class OccurrencesModule {}

/** The periodic engine loop over due streams. */
@Module({})
export class OccurrenceEngineModule {
  static register(options: OccurrenceEngineOptions): DynamicModule {
    return {
      module: OccurrenceEngineModule,
      imports: [PmPlansModule],
      providers: [{ provide: OCCURRENCE_ENGINE_OPTIONS, useValue: options }, OccurrenceEngine],
      exports: [OccurrenceEngine],
    };
  }
}
