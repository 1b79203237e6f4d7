export { WorkOrdersModule } from './work-orders.module';
export { CreateWorkOrder } from './use-cases/create-work-order';
export type { NewWorkOrder } from './work-order.factory';
export { WorkOrder } from './work-order.entity';
export { WorkOrderComment } from './work-order-comment.entity';
export { WorkOrderHistoryEntry } from './work-order-history.entity';
export { ChecklistItem } from './checklist-item.entity';
export { LabourEntry, PartLine, OtherCostEntry } from './labour-and-costs.entities';
