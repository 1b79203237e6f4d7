import {
  DowntimeClosedSchema,
  DowntimeOpenedSchema,
  MeterReadingRecordedSchema,
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatusChangedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { LocationEventsHandler } from '../locations';
import { AssetEventsHandler } from './asset-events.handler';

const DOWNTIME = 'downtime is reported, not alerted; the work orders behind it are';
const PURCHASING = 'purchasing is followed in the assets service; stock reaching us as PartStockChanged is what resolves a shortage';

/**
 * What the notifications service consumes from mate.assets.v1: stock below its reorder point, and
 * stock back; the location tree and asset places (src/locations) for rules' location filter.
 */
export const ASSET_EVENTS = subscribe(topicSpecFor('assets'), {
  handlers: [AssetEventsHandler, LocationEventsHandler],
  ignored: [
    { schema: DowntimeOpenedSchema, reason: DOWNTIME },
    { schema: DowntimeClosedSchema, reason: DOWNTIME },
    { schema: MeterReadingRecordedSchema, reason: 'meter thresholds become PM work orders in pm-scheduling, not alerts' },
    { schema: PurchaseOrderCreatedSchema, reason: PURCHASING },
    { schema: PurchaseOrderStatusChangedSchema, reason: PURCHASING },
    { schema: PurchaseOrderReceivedSchema, reason: PURCHASING },
  ],
});
