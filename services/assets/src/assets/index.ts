export { AssetsModule } from './assets.module';
export { AssetsService, assertNotDecommissioned } from './assets.service';
export { Asset, AssetStatusChange, Downtime } from './asset.entity';
export { ApplyWorkOrderDowntime, workOrderDowntimeOf, type WorkOrderDowntime, type WorkOrderDowntimeFields } from './use-cases/apply-work-order-downtime';
