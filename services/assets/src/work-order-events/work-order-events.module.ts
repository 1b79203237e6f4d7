import { Module } from '@nestjs/common';
import { AssetsModule } from '../assets';
import { InventoryModule } from '../inventory';
import { MetersModule } from '../meters';
import { WorkOrderEventsHandler } from './work-order-events.handler';

@Module({
  imports: [AssetsModule, InventoryModule, MetersModule],
  controllers: [WorkOrderEventsHandler],
})
export class WorkOrderEventsModule {}
