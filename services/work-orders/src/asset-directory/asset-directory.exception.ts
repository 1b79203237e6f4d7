import { assertUnreachable, DomainException, type DomainHttpStatus } from '@mate/service-kit';

/** The codes keep the work-orders prefix: they are part of the API's answers. */
export enum AssetDirectoryExceptionCode {
  UNKNOWN_ASSET = 'WORK_ORDER_UNKNOWN_ASSET',
  ASSET_DECOMMISSIONED = 'WORK_ORDER_ASSET_DECOMMISSIONED',
  UNKNOWN_LOCATION = 'WORK_ORDER_UNKNOWN_LOCATION',
}

/** New work names an asset or location the read model does not know, or one that takes no work. */
export class AssetDirectoryException extends DomainException<AssetDirectoryExceptionCode> {
  constructor(
    code: AssetDirectoryExceptionCode,
    /** The request field it is about, e.g. `assetId` or `rows.3.locationId`. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(code, `${field}: ${reason}`);
  }

  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case AssetDirectoryExceptionCode.UNKNOWN_ASSET:
      case AssetDirectoryExceptionCode.ASSET_DECOMMISSIONED:
      case AssetDirectoryExceptionCode.UNKNOWN_LOCATION:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}
