import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AssetsModule } from '../assets';
import { csvBodyParser } from '@mate/service-kit';
import { ImportExportModule } from '../common/import-export.module';
import { CSV_IMPORT_LIMIT } from '../config/assets.config';
import { CustomFieldsModule } from '../custom-fields';
import { LocationsModule } from '../locations';
import { PartImportExportService } from './part-import-export.service';
import { PartsController } from './parts.controller';
import { PartsService } from './parts.service';
import { PartRepository } from './part.repository';
import { ReservationRepository } from './reservation.repository';
import { ReservationsService } from './reservations.service';
import { StockRepository } from './stock.repository';
import { StockLedger } from './stock-ledger';
import { StoreroomsController } from './storerooms.controller';
import { IssueWorkOrderParts } from './use-cases/issue-work-order-parts';

@Module({
  imports: [AssetsModule, CustomFieldsModule, LocationsModule, ImportExportModule],
  controllers: [PartsController, StoreroomsController],
  providers: [PartsService, StockLedger, ReservationsService, IssueWorkOrderParts, PartImportExportService, PartRepository, StockRepository, ReservationRepository],
  exports: [PartsService, StockLedger, ReservationsService, IssueWorkOrderParts, PartRepository],
})
export class InventoryModule implements NestModule {
  /** CSV imports arrive as text/csv, which the chassis' JSON parser leaves alone. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(csvBodyParser(CSV_IMPORT_LIMIT)).forRoutes({ path: 'parts/import', method: RequestMethod.POST });
  }
}
