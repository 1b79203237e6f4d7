import {
  DowntimeClosedSchema,
  DowntimeOpenedSchema,
  LocationCreatedSchema,
  LocationDeletedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
  PartBelowReorderPointSchema,
  PartStockChangedSchema,
  PurchaseOrderCreatedSchema,
  PurchaseOrderReceivedSchema,
  PurchaseOrderStatusChangedSchema,
  topicSpecFor,
} from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { MeterReadingHandler } from '../meter-readings/meter-reading.handler';
import { AssetEventsHandler } from './asset-events.handler';

const LOCATION_PATHS = 'asset events carry the asset\'s whole location path, which is all a location-subtree target needs';
const NOT_SCHEDULING = 'inventory and purchasing do not decide when preventive work is due';
const DOWNTIME = 'downtime does not move a PM schedule; a plan can be paused by a planner';

/** What the PM service consumes from mate.assets.v1: the asset read model (targets) and meter readings (meter triggers). */
export const ASSET_EVENTS = subscribe(topicSpecFor('assets'), {
  handlers: [AssetEventsHandler, MeterReadingHandler],
  ignored: [
    { schema: LocationCreatedSchema, reason: LOCATION_PATHS },
    { schema: LocationUpdatedSchema, reason: LOCATION_PATHS },
    { schema: LocationMovedSchema, reason: LOCATION_PATHS },
    { schema: LocationDeletedSchema, reason: LOCATION_PATHS },
    { schema: DowntimeOpenedSchema, reason: DOWNTIME },
    { schema: DowntimeClosedSchema, reason: DOWNTIME },
    { schema: PartStockChangedSchema, reason: NOT_SCHEDULING },
    { schema: PartBelowReorderPointSchema, reason: NOT_SCHEDULING },
    { schema: PurchaseOrderCreatedSchema, reason: NOT_SCHEDULING },
    { schema: PurchaseOrderStatusChangedSchema, reason: NOT_SCHEDULING },
    { schema: PurchaseOrderReceivedSchema, reason: NOT_SCHEDULING },
  ],
});
