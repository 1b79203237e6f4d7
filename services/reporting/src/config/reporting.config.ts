import type { ServiceConfig } from '@mate/service-kit';

export const REPORTING_SERVICE = 'reporting';

/** The service's database on the server of DATABASE_URL. */
export const REPORTING_DATABASE = 'mate_reporting';

/**
 * The service's own environment variables, validated at boot on top of the chassis' common ones
 * (envalid validators, e.g. `SYNC_INTERVAL_MS: num({ default: 60_000 })`, each with a comment).
 */
export const REPORTING_CONFIG_SPEC = {};

export type ReportingConfig = ServiceConfig<typeof REPORTING_CONFIG_SPEC>;
