import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

export enum AssetExceptionCode {
  NOT_FOUND = 'ASSET_NOT_FOUND',
  PARENT_NOT_FOUND = 'ASSET_PARENT_NOT_FOUND',
  TAG_TAKEN = 'ASSET_TAG_TAKEN',
  DECOMMISSIONED = 'ASSET_DECOMMISSIONED',
  PARENT_DECOMMISSIONED = 'ASSET_PARENT_DECOMMISSIONED',
  PARENT_IN_OWN_SUBTREE = 'ASSET_PARENT_IN_OWN_SUBTREE',
  HAS_HISTORY = 'ASSET_HAS_HISTORY',
  STATUS_TIME_INVALID = 'ASSET_STATUS_TIME_INVALID',
  DOWNTIME_INVALID = 'ASSET_DOWNTIME_INVALID',
}

export class AssetException extends DomainException<AssetExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case AssetExceptionCode.NOT_FOUND:
      case AssetExceptionCode.PARENT_NOT_FOUND:
        return 404;
      case AssetExceptionCode.TAG_TAKEN:
      case AssetExceptionCode.DECOMMISSIONED:
      case AssetExceptionCode.HAS_HISTORY:
        return 409;
      case AssetExceptionCode.PARENT_DECOMMISSIONED:
      case AssetExceptionCode.PARENT_IN_OWN_SUBTREE:
      case AssetExceptionCode.STATUS_TIME_INVALID:
      case AssetExceptionCode.DOWNTIME_INVALID:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
