import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum EndpointExceptionCode {
  NOT_FOUND = 'WEBHOOK_ENDPOINT_NOT_FOUND',
  LIST_NOT_FOUND = 'RECIPIENT_LIST_NOT_FOUND',
  /** An endpoint or recipient list an alert rule still names. */
  IN_USE = 'TARGET_IN_USE',
  NO_SECRET = 'WEBHOOK_ENDPOINT_HAS_NO_SECRET',
  DISABLED = 'WEBHOOK_ENDPOINT_DISABLED',
}

export class EndpointException extends DomainException<EndpointExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case EndpointExceptionCode.NOT_FOUND:
      case EndpointExceptionCode.LIST_NOT_FOUND:
        return 404;
      case EndpointExceptionCode.IN_USE:
      case EndpointExceptionCode.NO_SECRET:
      case EndpointExceptionCode.DISABLED:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}

export const endpointNotFound = (): EndpointException => new EndpointException(EndpointExceptionCode.NOT_FOUND, 'no such webhook endpoint');
