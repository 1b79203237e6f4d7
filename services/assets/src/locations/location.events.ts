import {
  LocationCreatedSchema,
  LocationDeletedSchema,
  LocationMovedSchema,
  LocationUpdatedSchema,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { outboundEvent } from '../common/event-publisher';
import { timestamp } from '../common/time.util';
import { ancestorIdsOf, type Location } from './location.entity';

export function locationCreated(location: Location): OutboundEvent {
  return outboundEvent(LocationCreatedSchema, location.tenantId, location.id, {
    locationId: location.id,
    parentLocationId: location.parentId ?? '',
    name: location.name,
    ancestorIds: ancestorIdsOf(location.path),
    kind: location.kind,
    code: location.code ?? '',
    isStoreroom: location.isStoreroom,
    createdAt: timestamp(location.createdAt),
  });
}

export function locationUpdated(location: Location, changedFields: string[]): OutboundEvent {
  return outboundEvent(LocationUpdatedSchema, location.tenantId, location.id, {
    locationId: location.id,
    parentLocationId: location.parentId ?? '',
    name: location.name,
    ancestorIds: ancestorIdsOf(location.path),
    kind: location.kind,
    code: location.code ?? '',
    isStoreroom: location.isStoreroom,
    changedFields,
    updatedAt: timestamp(location.updatedAt),
  });
}

export function locationMoved(location: Location, previousParentId: string | null, previousPath: string, descendantCount: number): OutboundEvent {
  return outboundEvent(LocationMovedSchema, location.tenantId, location.id, {
    locationId: location.id,
    parentLocationId: location.parentId ?? '',
    name: location.name,
    ancestorIds: ancestorIdsOf(location.path),
    previousParentLocationId: previousParentId ?? '',
    previousAncestorIds: ancestorIdsOf(previousPath),
    descendantCount,
    movedAt: timestamp(location.updatedAt),
  });
}

export function locationDeleted(location: Location, at: Date, by: string): OutboundEvent {
  return outboundEvent(
    LocationDeletedSchema,
    location.tenantId,
    location.id,
    { locationId: location.id, name: location.name, parentId: location.parentId ?? '', deletedAt: timestamp(at), deletedBy: by },
    at,
  );
}
