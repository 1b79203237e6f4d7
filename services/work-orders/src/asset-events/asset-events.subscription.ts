import {
  DowntimeClosedSchema,
  DowntimeOpenedSchema,
  MeterReadingRecordedSchema,
  PartBelowReorderPointSchema,
  PartStockChangedSchema,
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatusChangedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { AssetEventsHandler } from './asset-events.handler';

const DOWNTIME = 'the assets service owns downtime intervals; a work order records its own downtime, entered by people';
const NOT_IN_READ_MODEL = 'the read model holds assets and locations only (what work can be raised against, and where)';

/** What the work-orders service consumes from mate.assets.v1: the assets and locations of its read model. */
export const ASSET_EVENTS = subscribe(topicSpecFor('assets'), {
  handlers: [AssetEventsHandler],
  ignored: [
    { schema: DowntimeOpenedSchema, reason: DOWNTIME },
    { schema: DowntimeClosedSchema, reason: DOWNTIME },
    { schema: MeterReadingRecordedSchema, reason: 'meter-based work is raised by PM scheduling (it reads the meters), not here' },
    { schema: PartStockChangedSchema, reason: NOT_IN_READ_MODEL },
    { schema: PartBelowReorderPointSchema, reason: NOT_IN_READ_MODEL },
    { schema: PurchaseOrderCreatedSchema, reason: NOT_IN_READ_MODEL },
    { schema: PurchaseOrderStatusChangedSchema, reason: NOT_IN_READ_MODEL },
    { schema: PurchaseOrderReceivedSchema, reason: NOT_IN_READ_MODEL },
  ],
});
