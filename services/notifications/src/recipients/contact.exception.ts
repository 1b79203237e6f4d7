import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum ContactExceptionCode {
  NOT_FOUND = 'NOTIFICATION_CONTACT_NOT_FOUND',
  /** The tenant already has a contact for this user. */
  DUPLICATE_USER = 'NOTIFICATION_CONTACT_EXISTS',
}

export class ContactException extends DomainException<ContactExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case ContactExceptionCode.NOT_FOUND:
        return 404;
      case ContactExceptionCode.DUPLICATE_USER:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}

export const contactNotFound = (): ContactException => new ContactException(ContactExceptionCode.NOT_FOUND, 'no such notification contact');
