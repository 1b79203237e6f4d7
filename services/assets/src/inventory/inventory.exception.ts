import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum InventoryExceptionCode {
  PART_NOT_FOUND = 'PART_NOT_FOUND',
  STOREROOM_NOT_FOUND = 'STOREROOM_NOT_FOUND',
  VENDOR_NOT_FOUND = 'VENDOR_NOT_FOUND',
  SKU_TAKEN = 'PART_SKU_TAKEN',
  INSUFFICIENT_STOCK = 'STOCK_INSUFFICIENT',
  SAME_STOREROOM = 'STOCK_TRANSFER_SAME_STOREROOM',
  PART_IN_USE = 'PART_IN_USE',
}

export class InventoryException extends DomainException<InventoryExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case InventoryExceptionCode.PART_NOT_FOUND:
      case InventoryExceptionCode.STOREROOM_NOT_FOUND:
      case InventoryExceptionCode.VENDOR_NOT_FOUND:
        return 404;
      case InventoryExceptionCode.SKU_TAKEN:
      case InventoryExceptionCode.INSUFFICIENT_STOCK:
      case InventoryExceptionCode.PART_IN_USE:
        return 409;
      case InventoryExceptionCode.SAME_STOREROOM:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
