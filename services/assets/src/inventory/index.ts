export { InventoryModule } from './inventory.module';
export { PartsService } from './parts.service';
export { StockLedger } from './stock-ledger.service';
export { ReservationsService } from './reservations.service';
export { Part, StockLevel, StockMovement, Reservation } from './inventory.entities';
