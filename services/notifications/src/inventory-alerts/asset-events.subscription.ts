import {
  AssetCreatedSchema,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  DowntimeClosedSchema,
  DowntimeOpenedSchema,
  LocationCreatedSchema,
  LocationDeletedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
  MeterReadingRecordedSchema,
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatusChangedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { AssetEventsHandler } from './asset-events.handler';

const REGISTER = 'no alert type for the asset register and locations yet (they may later filter rules by location subtree)';
const DOWNTIME = 'downtime is reported, not alerted; the work orders behind it are';
const PURCHASING = 'purchasing is followed in the assets service; stock reaching us as PartStockChanged is what resolves a shortage';

/** What the notifications service consumes from mate.assets.v1: stock below its reorder point, and stock back. */
export const ASSET_EVENTS = subscribe(topicSpecFor('assets'), {
  handlers: [AssetEventsHandler],
  ignored: [
    { schema: AssetCreatedSchema, reason: REGISTER },
    { schema: AssetUpdatedSchema, reason: REGISTER },
    { schema: AssetStatusChangedSchema, reason: REGISTER },
    { schema: AssetDecommissionedSchema, reason: REGISTER },
    { schema: AssetDeletedSchema, reason: REGISTER },
    { schema: LocationCreatedSchema, reason: REGISTER },
    { schema: LocationUpdatedSchema, reason: REGISTER },
    { schema: LocationMovedSchema, reason: REGISTER },
    { schema: LocationDeletedSchema, reason: REGISTER },
    { schema: DowntimeOpenedSchema, reason: DOWNTIME },
    { schema: DowntimeClosedSchema, reason: DOWNTIME },
    { schema: MeterReadingRecordedSchema, reason: 'meter thresholds become PM work orders in pm-scheduling, not alerts' },
    { schema: PurchaseOrderCreatedSchema, reason: PURCHASING },
    { schema: PurchaseOrderStatusChangedSchema, reason: PURCHASING },
    { schema: PurchaseOrderReceivedSchema, reason: PURCHASING },
  ],
});
