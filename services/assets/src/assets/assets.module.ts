import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { csvBodyParser } from '@mate/service-kit';
import { ImportExportModule } from '../common/import-export.module';
import { CSV_IMPORT_LIMIT } from '../config/assets.config';
import { CustomFieldsModule } from '../custom-fields';
import { LocationsModule } from '../locations';
import { AssetHistoryRepository } from './asset-history.repository';
import { AssetHistoryService } from './asset-history.service';
import { AssetImportExportService } from './asset-import-export.service';
import { AssetsController } from './assets.controller';
import { AssetRepository } from './asset.repository';
import { AssetsService } from './assets.service';
import { DowntimeRepository } from './downtime.repository';
import { ApplyWorkOrderDowntime } from './use-cases/apply-work-order-downtime';

@Module({
  imports: [CustomFieldsModule, LocationsModule, ImportExportModule],
  controllers: [AssetsController],
  providers: [AssetsService, AssetHistoryService, AssetHistoryRepository, AssetImportExportService, AssetRepository, DowntimeRepository, ApplyWorkOrderDowntime],
  exports: [AssetsService, ApplyWorkOrderDowntime],
})
export class AssetsModule implements NestModule {
  /** CSV imports arrive as text/csv, which the chassis' JSON parser leaves alone. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(csvBodyParser(CSV_IMPORT_LIMIT)).forRoutes({ path: 'assets/import', method: RequestMethod.POST });
  }
}
