import {
  AssetCreatedSchema,
  AssetCriticality,
  AssetDecommissionedSchema,
  AssetDeletedSchema,
  AssetStatus,
  AssetStatusChangedSchema,
  AssetUpdatedSchema,
  DowntimeClosedSchema,
  DowntimeKind,
  DowntimeOpenedSchema,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { outboundEvent } from '../common/event-publisher';
import { timestamp } from '../common/time.util';
import type { Asset, AssetStatusName, Criticality, Downtime, DowntimeKindName } from './asset.entity';

const STATUS: Record<AssetStatusName, AssetStatus> = {
  operational: AssetStatus.OPERATIONAL,
  down: AssetStatus.DOWN,
  standby: AssetStatus.STANDBY,
  maintenance: AssetStatus.MAINTENANCE,
  inspection_scheduled: AssetStatus.INSPECTION_SCHEDULED,
  commissioning: AssetStatus.COMMISSIONING,
  decommissioned: AssetStatus.DECOMMISSIONED,
};

const CRITICALITY: Record<Criticality, AssetCriticality> = {
  A: AssetCriticality.A,
  B: AssetCriticality.B,
  C: AssetCriticality.C,
};

export function downtimeKindEnum(kind: DowntimeKindName): DowntimeKind {
  return kind === 'planned' ? DowntimeKind.PLANNED : DowntimeKind.UNPLANNED;
}

function snapshot(asset: Asset, locationPathIds: string[]) {
  return {
    assetId: asset.id,
    tag: asset.tag,
    name: asset.name,
    locationId: asset.locationId,
    parentAssetId: asset.parentId ?? '',
    status: STATUS[asset.status],
    criticality: CRITICALITY[asset.criticality],
    locationPathIds,
  };
}

export function assetCreated(asset: Asset, locationPathIds: string[]): OutboundEvent {
  return outboundEvent(AssetCreatedSchema, asset.tenantId, asset.id, {
    ...snapshot(asset, locationPathIds),
    category: asset.category ?? '',
    manufacturer: asset.manufacturer ?? '',
    model: asset.model ?? '',
    serialNumber: asset.serialNumber ?? '',
    barcode: asset.barcode ?? '',
    createdAt: timestamp(asset.createdAt),
  });
}

export function assetUpdated(asset: Asset, locationPathIds: string[], changedFields: string[]): OutboundEvent {
  return outboundEvent(AssetUpdatedSchema, asset.tenantId, asset.id, {
    ...snapshot(asset, locationPathIds),
    changedFields,
    updatedAt: timestamp(asset.updatedAt),
  });
}

export interface StatusChangeFacts {
  previous: AssetStatusName;
  reason: string | null;
  workOrderId: string | null;
  at: Date;
  by: string;
}

export function assetStatusChanged(asset: Asset, locationPathIds: string[], facts: StatusChangeFacts): OutboundEvent {
  return outboundEvent(
    AssetStatusChangedSchema,
    asset.tenantId,
    asset.id,
    {
      ...snapshot(asset, locationPathIds),
      previousStatus: STATUS[facts.previous],
      reason: facts.reason ?? '',
      workOrderId: facts.workOrderId ?? '',
      changedAt: timestamp(facts.at),
      changedBy: facts.by,
    },
    facts.at,
  );
}

export function assetDecommissioned(asset: Asset, locationPathIds: string[], facts: StatusChangeFacts, activeDescendants: string[]): OutboundEvent {
  return outboundEvent(
    AssetDecommissionedSchema,
    asset.tenantId,
    asset.id,
    {
      ...snapshot(asset, locationPathIds),
      reason: facts.reason ?? '',
      activeDescendantAssetIds: activeDescendants,
      decommissionedAt: timestamp(facts.at),
      decommissionedBy: facts.by,
    },
    facts.at,
  );
}

export function assetDeleted(asset: Asset, at: Date, by: string): OutboundEvent {
  return outboundEvent(
    AssetDeletedSchema,
    asset.tenantId,
    asset.id,
    { assetId: asset.id, tag: asset.tag, locationId: asset.locationId, deletedAt: timestamp(at), deletedBy: by },
    at,
  );
}

export function downtimeOpened(downtime: Downtime): OutboundEvent {
  return outboundEvent(
    DowntimeOpenedSchema,
    downtime.tenantId,
    downtime.assetId,
    {
      downtimeId: downtime.id,
      assetId: downtime.assetId,
      kind: downtimeKindEnum(downtime.kind),
      reason: downtime.reason ?? '',
      workOrderId: downtime.workOrderId ?? '',
      status: STATUS[downtime.status],
      startedAt: timestamp(downtime.startedAt),
    },
    downtime.startedAt,
  );
}

export function downtimeClosed(downtime: Downtime, statusAfter: AssetStatusName): OutboundEvent {
  const endedAt = downtime.endedAt ?? new Date();
  return outboundEvent(
    DowntimeClosedSchema,
    downtime.tenantId,
    downtime.assetId,
    {
      downtimeId: downtime.id,
      assetId: downtime.assetId,
      kind: downtimeKindEnum(downtime.kind),
      reason: downtime.reason ?? '',
      workOrderId: downtime.workOrderId ?? '',
      startedAt: timestamp(downtime.startedAt),
      endedAt: timestamp(endedAt),
      durationSeconds: BigInt(Math.round((endedAt.getTime() - downtime.startedAt.getTime()) / 1000)),
      status: STATUS[statusAfter],
    },
    endedAt,
  );
}
