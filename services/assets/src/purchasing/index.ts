export { PurchasingModule } from './purchasing.module';
export { Vendor, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusChange } from './purchasing.entities';
