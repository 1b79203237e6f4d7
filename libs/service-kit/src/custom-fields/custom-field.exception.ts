import { assertUnreachable } from '../errors/assert-unreachable.util';
import { DomainException, type DomainHttpStatus } from '../errors/domain.exception';

/** The problem codes of custom-field definitions, the same in every service. */
export enum CustomFieldExceptionCode {
  NOT_FOUND = 'CUSTOM_FIELD_NOT_FOUND',
  KEY_TAKEN = 'CUSTOM_FIELD_KEY_TAKEN',
  OPTIONS_REQUIRED = 'CUSTOM_FIELD_OPTIONS_REQUIRED',
  /** Only where the service sets `maxPerEntityType`. */
  LIMIT_REACHED = 'CUSTOM_FIELD_LIMIT_REACHED',
}

export class CustomFieldException extends DomainException<CustomFieldExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case CustomFieldExceptionCode.NOT_FOUND:
        return 404;
      case CustomFieldExceptionCode.KEY_TAKEN:
        return 409;
      case CustomFieldExceptionCode.OPTIONS_REQUIRED:
      case CustomFieldExceptionCode.LIMIT_REACHED:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
