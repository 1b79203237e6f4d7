export { InventoryModule } from './inventory.module';
export { StockLedger } from './stock-ledger';
export { ReservationsService } from './reservations.service';
export { IssueWorkOrderParts } from './use-cases/issue-work-order-parts';
export { PartRepository } from './part.repository';
export { Part, StockLevel, StockMovement, Reservation } from './inventory.entities';
