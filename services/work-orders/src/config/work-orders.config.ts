import { num } from 'envalid';
import type { ServiceConfig } from '@mate/service-kit';

export const SERVICE_NAME = 'work-orders';

/** The service's own environment variables, on top of the chassis' common ones. */
export const WORK_ORDERS_CONFIG_SPEC = {
  /** How often each replica looks for work orders that passed their due date. */
  OVERDUE_SCAN_INTERVAL_MS: num({ default: 30_000 }),
  /** Work orders flagged per tenant and scan, so one scan transaction stays short. */
  OVERDUE_SCAN_BATCH: num({ default: 500 }),
};

export type WorkOrdersConfig = ServiceConfig<typeof WORK_ORDERS_CONFIG_SPEC>;
