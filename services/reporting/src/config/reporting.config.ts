import { num } from 'envalid';
import type { ServiceConfig } from '@mate/service-kit';

export const REPORTING_SERVICE = 'reporting';

/** The service's database on the server of DATABASE_URL. */
export const REPORTING_DATABASE = 'mate_reporting';

/** The service's own environment variables, validated at boot on top of the chassis' common ones. */
export const REPORTING_CONFIG_SPEC = {
  /**
   * Hours of maintenance work the crew can do in a week (people × productive hours each): the
   * backlog in crew-weeks is its estimated hours divided by this. The events carry no crew size.
   */
  REPORTING_CREW_HOURS_PER_WEEK: num({ default: 160 }),
};

export type ReportingConfig = ServiceConfig<typeof REPORTING_CONFIG_SPEC>;
