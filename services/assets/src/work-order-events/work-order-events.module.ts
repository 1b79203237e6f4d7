import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { MetersModule } from '../meters/meters.module';
import { WorkOrderEventsHandler } from './work-order-events.handler';

@Module({
  imports: [InventoryModule, MetersModule],
  controllers: [WorkOrderEventsHandler],
})
export class WorkOrderEventsModule {}
