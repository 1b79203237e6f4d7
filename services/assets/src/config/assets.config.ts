import { num } from 'envalid';
import type { ServiceConfig } from '@mate/service-kit';

export const ASSETS_SERVICE = 'assets';

/** The assets service's own variables, on top of the chassis' common ones. */
export const ASSETS_CONFIG_SPEC = {
  /** Most readings accepted in one bulk request. */
  METER_BULK_MAX_READINGS: num({ default: 20_000 }),
  /** Most rows accepted in one CSV import. */
  IMPORT_MAX_ROWS: num({ default: 50_000 }),
};

export type AssetsConfig = ServiceConfig<typeof ASSETS_CONFIG_SPEC>;

export const BULK_READINGS_PATH = '/api/v1/meters/readings/bulk';

/** Larger JSON bodies for the bulk routes only (10,000+ readings are ~1–2 MB). */
export const ASSETS_BODY_LIMITS: Record<string, string> = { [BULK_READINGS_PATH]: '16mb' };

/** CSV imports are read by their own text parser with this limit. */
export const CSV_IMPORT_LIMIT = '20mb';
