import { JobQueueSchema1764400000000 } from '@mate/jobs';
import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { WorkOrdersSchema1767200000000 } from './1767200000000-work-orders-schema';
import { WorkOrdersListIndexes1767200000001 } from './1767200000001-work-orders-list-indexes';
import { WorkOrdersCustomFields1767200000002 } from './1767200000002-work-orders-custom-fields';
import { WorkOrdersIssuedPartLines1767200000003 } from './1767200000003-work-orders-issued-part-lines';
import { WorkOrdersChecklistMeterReadAt1767200000004 } from './1767200000004-work-orders-checklist-meter-read-at';
import { WorkOrdersAssetDirectoryEventTimes1767200000005 } from './1767200000005-work-orders-asset-directory-event-times';
import { WorkOrdersAssetDirectoryDeletions1767200000006 } from './1767200000006-work-orders-asset-directory-deletions';
import { WorkOrdersJobQueues1767200000007 } from './1767200000007-work-orders-job-queues';
import { WorkOrdersPmCatchUp1767200000008 } from './1767200000008-work-orders-pm-catch-up';

/** Run in order by prepareDatabase() as the owner before the app connects. */
export const WORK_ORDERS_MIGRATIONS: MigrationList = [
  MessagingSchema1764300000000,
  JobQueueSchema1764400000000,
  WorkOrdersSchema1767200000000,
  WorkOrdersListIndexes1767200000001,
  WorkOrdersCustomFields1767200000002,
  WorkOrdersIssuedPartLines1767200000003,
  WorkOrdersChecklistMeterReadAt1767200000004,
  WorkOrdersAssetDirectoryEventTimes1767200000005,
  WorkOrdersAssetDirectoryDeletions1767200000006,
  WorkOrdersJobQueues1767200000007,
  WorkOrdersPmCatchUp1767200000008,
];
