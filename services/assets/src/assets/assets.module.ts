import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { csvBodyParser } from '../common/csv-import';
import { ImportExportModule } from '../common/import-export.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { LocationsModule } from '../locations/locations.module';
import { AssetHistoryService } from './asset-history.service';
import { AssetImportExportService } from './asset-import-export.service';
import { AssetsController } from './assets.controller';
import { AssetsService } from './assets.service';

@Module({
  imports: [CustomFieldsModule, LocationsModule, ImportExportModule],
  controllers: [AssetsController],
  providers: [AssetsService, AssetHistoryService, AssetImportExportService],
  exports: [AssetsService],
})
export class AssetsModule implements NestModule {
  /** CSV imports arrive as text/csv, which the chassis' JSON parser leaves alone. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(csvBodyParser()).forRoutes({ path: 'assets/import', method: RequestMethod.POST });
  }
}
