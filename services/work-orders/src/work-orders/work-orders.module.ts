import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { CustomFieldsModule } from '../custom-fields';
import { WorkOrdersController } from './work-orders.controller';
import { WorkOrdersService } from './work-orders.service';

@Module({
  imports: [AssetDirectoryModule, CustomFieldsModule],
  controllers: [WorkOrdersController],
  providers: [WorkOrdersService],
  exports: [WorkOrdersService],
})
export class WorkOrdersModule {}
