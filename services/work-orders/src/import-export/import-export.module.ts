import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { text } from 'express';
import { AssetDirectoryModule } from '../asset-directory';
import { CustomFieldsModule } from '../custom-fields';
import { WorkOrdersModule } from '../work-orders';
import { ImportExportController } from './import-export.controller';
import { ImportExportService } from './import-export.service';

export const IMPORT_PATH = '/api/v1/work-orders/import';
const CSV_IMPORT_LIMIT = '20mb';

@Module({
  imports: [WorkOrdersModule, AssetDirectoryModule, CustomFieldsModule],
  controllers: [ImportExportController],
  providers: [ImportExportService],
})
export class ImportExportModule implements NestModule {
  /** The chassis parses JSON only; CSV imports are read as text on this one route. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(text({ type: 'text/csv', limit: CSV_IMPORT_LIMIT })).forRoutes({ path: 'work-orders/import', method: RequestMethod.POST });
  }
}
