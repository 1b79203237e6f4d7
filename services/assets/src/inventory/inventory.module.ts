import { Module } from '@nestjs/common';
import { CustomFieldsModule } from '../custom-fields/custom-fields.module';
import { LocationsModule } from '../locations/locations.module';
import { PartsController } from './parts.controller';
import { PartsService } from './parts.service';
import { ReservationsService } from './reservations.service';
import { StockLedger } from './stock-ledger.service';
import { StoreroomsController } from './storerooms.controller';

@Module({
  imports: [CustomFieldsModule, LocationsModule],
  controllers: [PartsController, StoreroomsController],
  providers: [PartsService, StockLedger, ReservationsService],
  exports: [PartsService, StockLedger, ReservationsService],
})
export class InventoryModule {}
