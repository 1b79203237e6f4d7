export { ProjectionFreshness, FRESHNESS_OPTIONS, type Freshness, type FreshnessOptions } from './projection-freshness';
export { FreshnessModule } from './freshness.module';
