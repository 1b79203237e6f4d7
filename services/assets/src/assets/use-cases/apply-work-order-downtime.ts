import { randomUUID } from 'node:crypto';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { Inject, Injectable } from '@nestjs/common';
import { isUuid } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { EventPublisher } from '../../common/event-publisher';
import { Downtime, type AssetStatusName, type DowntimeKindName } from '../asset.entity';
import { downtimeClosed, downtimeOpened } from '../asset.events';
import { AssetRepository } from '../asset.repository';
import { DowntimeRepository } from '../downtime.repository';

/** The downtime a work order recorded for its asset, as `WorkOrderCompleted` and `WorkOrderCancelled` carry it. */
export interface WorkOrderDowntime {
  workOrderId: string;
  /** The work order's human number (for the interval's reason). */
  number: string;
  assetId: string;
  startedAt: Date;
  endedAt: Date;
  planned: boolean;
}

/** The event's fields this use case reads (`mate.workorders.v1.Downtime` and its neighbours). */
export interface WorkOrderDowntimeFields {
  workOrderId: string;
  number: string;
  assetId: string;
  downtime?: { startedAt?: Timestamp; endedAt?: Timestamp; planned: boolean };
  /** When the work order was completed or cancelled: the end of a downtime still open then. */
  endedBy?: Timestamp;
}

/**
 * The interval to apply, `null` when the work order recorded none, or why it cannot be applied
 * (the event is well-formed protobuf, but says something impossible).
 */
export function workOrderDowntimeOf(fields: WorkOrderDowntimeFields): WorkOrderDowntime | { invalid: string } | null {
  const { downtime } = fields;
  if (!downtime?.startedAt) return null;
  if (!isUuid(fields.assetId)) return { invalid: 'downtime without a valid asset id' };
  const startedAt = timestampDate(downtime.startedAt);
  // Completing or cancelling ends a downtime still open at that moment; should the event leave
  // ended_at unset all the same, that moment is its end.
  const end = downtime.endedAt ?? fields.endedBy;
  if (!end) return { invalid: 'downtime without an end' };
  const endedAt = timestampDate(end);
  if (endedAt <= startedAt) return { invalid: 'downtime ends before it starts' };
  return { workOrderId: fields.workOrderId, number: fields.number, assetId: fields.assetId, startedAt, endedAt, planned: downtime.planned };
}

export type DowntimeApplied = 'recorded' | 'corrected' | 'unchanged' | 'asset_not_found';

function sameInterval(a: Downtime, b: Omit<Downtime, 'id'>): boolean {
  return (
    a.assetId === b.assetId &&
    a.kind === b.kind &&
    a.reason === b.reason &&
    a.startedAt.getTime() === b.startedAt.getTime() &&
    a.endedAt?.getTime() === b.endedAt?.getTime()
  );
}

/**
 * Applies the downtime recorded on a work order to its asset's intervals, where availability
 * merges it with the intervals it overlaps (status changes, recorded downtime), so shared time
 * counts once. One interval per work order: a redelivered or republished event finds it and changes
 * nothing; a reopened work order completed with another interval corrects it (DowntimeClosed with
 * the corrected times). It is applied to a decommissioned asset too: like a late meter reading, it
 * records what happened before, and an event refused here would be lost.
 */
@Injectable()
export class ApplyWorkOrderDowntime {
  constructor(
    @Inject(AssetRepository) private readonly assets: AssetRepository,
    @Inject(DowntimeRepository) private readonly downtimes: DowntimeRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async execute(manager: EntityManager, tenantId: string, input: WorkOrderDowntime): Promise<DowntimeApplied> {
    const asset = await this.assets.findById(manager, tenantId, input.assetId);
    if (!asset) return 'asset_not_found';
    const kind: DowntimeKindName = input.planned ? 'planned' : 'unplanned';
    const status: AssetStatusName = input.planned ? 'maintenance' : 'down';
    const wanted = {
      tenantId,
      assetId: asset.id,
      kind,
      status,
      reason: `work order ${input.number || input.workOrderId}`,
      workOrderId: input.workOrderId,
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      origin: 'work_order' as const,
    };
    const recorded = await this.downtimes.findOfWorkOrderForUpdate(manager, tenantId, input.workOrderId);
    if (!recorded) {
      const downtime = Object.assign(new Downtime(), { id: randomUUID(), ...wanted });
      await this.downtimes.insert(manager, downtime);
      await this.events.publish(manager, [downtimeOpened(downtime), downtimeClosed(downtime, asset.status)]);
      return 'recorded';
    }
    if (sameInterval(recorded, wanted)) return 'unchanged';
    Object.assign(recorded, wanted);
    await this.downtimes.updateInterval(manager, recorded);
    await this.events.publish(manager, [downtimeClosed(recorded, asset.status)]);
    return 'corrected';
  }
}
