export { readFacts } from './fact-reader';
export { WorkOrderFactsHandler, WORK_ORDER_EVENTS } from './work-order-facts.handler';
export { AssetFactsHandler, ASSET_EVENTS } from './asset-facts.handler';
export { PmOccurrenceFactsHandler, PM_EVENTS } from './pm-occurrence-facts.handler';
export { ConnectionFactsHandler, CONNECTION_EVENTS } from './connection-facts.handler';
export { AlertFactsHandler, ALERT_EVENTS } from './alert-facts.handler';
export { ProjectionsModule } from './projections.module';
