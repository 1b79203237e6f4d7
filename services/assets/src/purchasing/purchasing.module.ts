import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory';
import { PurchaseOrdersController } from './purchase-orders.controller';
import { PurchaseOrderRepository } from './purchase-order.repository';
import { PurchaseOrdersService } from './purchase-orders.service';
import { VendorRepository } from './vendor.repository';
import { VendorsController } from './vendors.controller';
import { VendorsService } from './vendors.service';

@Module({
  imports: [InventoryModule],
  controllers: [VendorsController, PurchaseOrdersController],
  providers: [VendorsService, PurchaseOrdersService, VendorRepository, PurchaseOrderRepository],
})
export class PurchasingModule {}
