import { Module, type DynamicModule } from '@nestjs/common';
import { FRESHNESS_OPTIONS, ProjectionFreshness, type FreshnessOptions } from './projection-freshness';

@Module({})
export class FreshnessModule {
  /** Global: every answer of the service carries the freshness. */
  static forRoot(options: FreshnessOptions): DynamicModule {
    return {
      module: FreshnessModule,
      global: true,
      providers: [{ provide: FRESHNESS_OPTIONS, useValue: options }, ProjectionFreshness],
      exports: [ProjectionFreshness],
    };
  }
}
