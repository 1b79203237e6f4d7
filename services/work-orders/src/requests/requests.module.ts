import { Module } from '@nestjs/common';
import { AssetDirectoryModule } from '../asset-directory';
import { CustomFieldsModule } from '../custom-fields';
import { WorkOrdersModule } from '../work-orders';
import { WorkRequestsController } from './work-requests.controller';
import { WorkRequestsService } from './work-requests.service';

@Module({
  imports: [WorkOrdersModule, AssetDirectoryModule, CustomFieldsModule],
  controllers: [WorkRequestsController],
  providers: [WorkRequestsService],
})
export class RequestsModule {}
