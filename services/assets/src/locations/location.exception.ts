import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum LocationExceptionCode {
  NOT_FOUND = 'LOCATION_NOT_FOUND',
  PARENT_NOT_FOUND = 'LOCATION_PARENT_NOT_FOUND',
  HAS_CHILDREN = 'LOCATION_HAS_CHILDREN',
  HAS_ASSETS = 'LOCATION_HAS_ASSETS',
  HAS_STOCK = 'LOCATION_HAS_STOCK',
  MOVE_INTO_OWN_SUBTREE = 'LOCATION_MOVE_INTO_OWN_SUBTREE',
  STOREROOM_HAS_STOCK = 'LOCATION_STOREROOM_HAS_STOCK',
  CODE_TAKEN = 'LOCATION_CODE_TAKEN',
}

export class LocationException extends DomainException<LocationExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case LocationExceptionCode.NOT_FOUND:
      case LocationExceptionCode.PARENT_NOT_FOUND:
        return 404;
      case LocationExceptionCode.HAS_CHILDREN:
      case LocationExceptionCode.HAS_ASSETS:
      case LocationExceptionCode.HAS_STOCK:
      case LocationExceptionCode.STOREROOM_HAS_STOCK:
      case LocationExceptionCode.CODE_TAKEN:
        return 409;
      case LocationExceptionCode.MOVE_INTO_OWN_SUBTREE:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
