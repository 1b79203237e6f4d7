import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { InitialSchema1767100000000 } from './1767100000000-initial-schema';
import { LocationsSiblingCodeUnique1767100000001 } from './1767100000001-locations-sibling-code-unique';
import { DowntimeWorkOrderOrigin1767100000002 } from './1767100000002-downtime-work-order-origin';

/** In order: the messaging tables (outbox, inbox), then the service's own schema. */
export const ASSETS_MIGRATIONS: MigrationList = [
  MessagingSchema1764300000000,
  InitialSchema1767100000000,
  LocationsSiblingCodeUnique1767100000001,
  DowntimeWorkOrderOrigin1767100000002,
];
