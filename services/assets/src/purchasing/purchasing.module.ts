import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { PurchaseOrdersController } from './purchase-orders.controller';
import { PurchaseOrdersService } from './purchase-orders.service';
import { VendorsController } from './vendors.controller';
import { VendorsService } from './vendors.service';

@Module({
  imports: [InventoryModule],
  controllers: [VendorsController, PurchaseOrdersController],
  providers: [VendorsService, PurchaseOrdersService],
})
export class PurchasingModule {}
