import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum PurchasingExceptionCode {
  VENDOR_NOT_FOUND = 'VENDOR_NOT_FOUND',
  VENDOR_IN_USE = 'VENDOR_IN_USE',
  PURCHASE_ORDER_NOT_FOUND = 'PURCHASE_ORDER_NOT_FOUND',
  ILLEGAL_TRANSITION = 'PURCHASE_ORDER_ILLEGAL_TRANSITION',
  LOCKED = 'PURCHASE_ORDER_LOCKED',
  NOT_RECEIVABLE = 'PURCHASE_ORDER_NOT_RECEIVABLE',
  OVER_RECEIPT = 'PURCHASE_ORDER_OVER_RECEIPT',
  NO_STOREROOM = 'PURCHASE_ORDER_NO_STOREROOM',
}

export class PurchasingException extends DomainException<PurchasingExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case PurchasingExceptionCode.VENDOR_NOT_FOUND:
      case PurchasingExceptionCode.PURCHASE_ORDER_NOT_FOUND:
        return 404;
      case PurchasingExceptionCode.VENDOR_IN_USE:
      case PurchasingExceptionCode.ILLEGAL_TRANSITION:
        return 409;
      case PurchasingExceptionCode.LOCKED:
      case PurchasingExceptionCode.NOT_RECEIVABLE:
      case PurchasingExceptionCode.OVER_RECEIPT:
      case PurchasingExceptionCode.NO_STOREROOM:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
