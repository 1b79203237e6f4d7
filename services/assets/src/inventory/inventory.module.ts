import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AssetsModule } from '../assets/assets.module';
import { csvBodyParser } from '../common/csv-import';
import { ImportExportModule } from '../common/import-export.module';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { LocationsModule } from '../locations/locations.module';
import { PartImportExportService } from './part-import-export.service';
import { PartsController } from './parts.controller';
import { PartsService } from './parts.service';
import { ReservationsService } from './reservations.service';
import { StockLedger } from './stock-ledger.service';
import { StoreroomsController } from './storerooms.controller';

@Module({
  imports: [AssetsModule, CustomFieldsModule, LocationsModule, ImportExportModule],
  controllers: [PartsController, StoreroomsController],
  providers: [PartsService, StockLedger, ReservationsService, PartImportExportService],
  exports: [PartsService, StockLedger, ReservationsService],
})
export class InventoryModule implements NestModule {
  /** CSV imports arrive as text/csv, which the chassis' JSON parser leaves alone. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(csvBodyParser()).forRoutes({ path: 'parts/import', method: RequestMethod.POST });
  }
}
