import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum AlertExceptionCode {
  NOT_FOUND = 'ALERT_NOT_FOUND',
  ALREADY_RESOLVED = 'ALERT_ALREADY_RESOLVED',
}

export class AlertException extends DomainException<AlertExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case AlertExceptionCode.NOT_FOUND:
        return 404;
      case AlertExceptionCode.ALREADY_RESOLVED:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}
