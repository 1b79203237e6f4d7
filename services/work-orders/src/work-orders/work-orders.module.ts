import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { CustomFieldsModule } from '../custom-fields';
import { PartsReservation } from './parts-reservation';
import { AddComment } from './use-cases/add-comment';
import { CreateWorkOrder } from './use-cases/create-work-order';
import { ReadWorkOrders } from './use-cases/read-work-orders';
import { UpdateWorkOrder } from './use-cases/update-work-order';
import { WorkOrdersController } from './work-orders.controller';

const USE_CASES = [CreateWorkOrder, UpdateWorkOrder, ReadWorkOrders, AddComment];

@Module({
  imports: [AssetDirectoryModule, CustomFieldsModule],
  controllers: [WorkOrdersController],
  providers: [...USE_CASES, PartsReservation],
  exports: [CreateWorkOrder, PartsReservation],
})
export class WorkOrdersModule {}
