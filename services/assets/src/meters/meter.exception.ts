import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum MeterExceptionCode {
  NOT_FOUND = 'METER_NOT_FOUND',
  HAS_READINGS = 'METER_HAS_READINGS',
  READING_REJECTED = 'METER_READING_REJECTED',
  READING_CONFLICT = 'METER_READING_CONFLICT',
  TOO_MANY_READINGS = 'METER_TOO_MANY_READINGS',
  RESET_NOT_ALLOWED = 'METER_RESET_NOT_ALLOWED',
}

export class MeterException extends DomainException<MeterExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case MeterExceptionCode.NOT_FOUND:
        return 404;
      case MeterExceptionCode.HAS_READINGS:
      case MeterExceptionCode.READING_CONFLICT:
        return 409;
      case MeterExceptionCode.READING_REJECTED:
      case MeterExceptionCode.TOO_MANY_READINGS:
      case MeterExceptionCode.RESET_NOT_ALLOWED:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
