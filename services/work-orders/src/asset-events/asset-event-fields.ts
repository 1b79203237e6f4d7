import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { AssetStatus, type AssetCreated, type LocationCreated } from '@mate/contracts';
import { PermanentEventError } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import type { AssetRow, LocationRow } from '../asset-directory';

/** An optional uuid field of an event: empty is absent; anything else but a uuid is a malformed event. */
export function uuidOrNull(value: string, field: string): string | null {
  if (value === '') return null;
  if (!isUuid(value)) throw new PermanentEventError(`${field} is not a uuid`);
  return value;
}

export function requiredUuid(value: string, field: string): string {
  const id = uuidOrNull(value, field);
  if (!id) throw new PermanentEventError(`${field} is empty`);
  return id;
}

function uuids(values: readonly string[], field: string): string[] {
  return values.map((value) => {
    if (!isUuid(value)) throw new PermanentEventError(`${field} holds a value that is not a uuid`);
    return value;
  });
}

/**
 * The assets service's time of an event, or null when the producer left it unset: such an event
 * cannot be shown to be newer, so it only fills in what is not known yet.
 */
export function sourceTime(value: Timestamp | undefined, field: string): Date | null {
  if (!value) return null;
  const date = timestampDate(value);
  if (Number.isNaN(date.getTime())) throw new PermanentEventError(`${field} is not a valid time`);
  return date;
}

/** Lower-case status name without prefix, e.g. `operational`, `decommissioned`. */
function assetStatusName(status: AssetStatus): string {
  return (AssetStatus[status] ?? 'UNSPECIFIED').toLowerCase();
}

export function assetRowOf(event: Pick<AssetCreated, 'assetId' | 'tag' | 'name' | 'locationId' | 'status' | 'locationPathIds'>): AssetRow {
  return {
    assetId: requiredUuid(event.assetId, 'asset_id'),
    tag: event.tag,
    name: event.name,
    locationId: uuidOrNull(event.locationId, 'location_id'),
    status: assetStatusName(event.status),
    locationPathIds: uuids(event.locationPathIds, 'location_path_ids'),
  };
}

export function locationRowOf(event: Pick<LocationCreated, 'locationId' | 'parentLocationId' | 'name' | 'ancestorIds'>): LocationRow {
  return {
    locationId: requiredUuid(event.locationId, 'location_id'),
    parentLocationId: uuidOrNull(event.parentLocationId, 'parent_location_id'),
    name: event.name,
    ancestorIds: uuids(event.ancestorIds, 'ancestor_ids'),
  };
}
