export { PurchasingModule } from './purchasing.module';
export { PurchaseOrdersService, TRANSITIONS } from './purchase-orders.service';
export { VendorsService } from './vendors.service';
export { Vendor, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusChange } from './purchasing.entities';
