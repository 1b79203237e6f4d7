import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum DeliveryExceptionCode {
  NOT_FOUND = 'DELIVERY_NOT_FOUND',
  STILL_PENDING = 'DELIVERY_STILL_PENDING',
}

export class DeliveryException extends DomainException<DeliveryExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case DeliveryExceptionCode.NOT_FOUND:
        return 404;
      case DeliveryExceptionCode.STILL_PENDING:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
