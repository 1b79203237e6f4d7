import { num } from 'envalid';
import type { ServiceConfig } from '@mate/service-kit';

export const PM_SCHEDULING_SERVICE = 'pm-scheduling';

/** The service's database on the server of DATABASE_URL. */
export const PM_SCHEDULING_DATABASE = 'mate_pm_scheduling';

/** The service's own environment variables, validated at boot on top of the chassis' common ones. */
export const PM_SCHEDULING_CONFIG_SPEC = {
  /** How often each replica looks for streams whose next occurrence is due for generation. */
  PM_ENGINE_INTERVAL_MS: num({ default: 5_000 }),
  /** Streams claimed per engine transaction. */
  PM_ENGINE_BATCH_SIZE: num({ default: 200 }),
  /** Batches per tenant and run: bounds what a catch-up after downtime publishes at once. */
  PM_ENGINE_MAX_BATCHES_PER_RUN: num({ default: 10 }),
};

export type PmSchedulingConfig = ServiceConfig<typeof PM_SCHEDULING_CONFIG_SPEC>;
