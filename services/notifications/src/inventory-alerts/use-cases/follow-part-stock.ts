import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { occurrenceOf, type SourceEvent } from '../../alert-sources';
import { RecordAlertOccurrence, ResolveOnRecovery } from '../../alerts';
import { ReorderWatchRepository } from '../reorder-watch.repository';

export interface LowStock {
  partId: string;
  storeroomId: string;
  sku: string;
  name: string;
  onHand: string;
  available: string;
  reorderPoint: string;
  minimum: string;
  at: Date;
}

export interface StockLevel {
  partId: string;
  storeroomId: string;
  onHand: string;
  at: Date;
}

/** One alert per part and storeroom: stock in one storeroom does not answer for another. */
function storeroomScope(storeroomId: string): string {
  return `storeroom:${storeroomId}`;
}

/**
 * A part below its reorder point in a storeroom is a warning for the tenant; the stock change
 * that brings on hand back to the point (as it was when the alert opened) or above resolves it.
 */
@Injectable()
export class FollowPartStock {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
    @Inject(ReorderWatchRepository) private readonly watches: ReorderWatchRepository,
  ) {}

  async fellBelow(manager: EntityManager, source: SourceEvent, stock: LowStock): Promise<void> {
    await this.watches.watch(manager, source.tenantId, stock.partId, stock.storeroomId, stock.reorderPoint);
    const command = occurrenceOf('part.below_reorder_point', source, {
      subjectId: stock.partId,
      subjectName: stock.name ? `${stock.sku} ${stock.name}` : stock.sku,
      scope: storeroomScope(stock.storeroomId),
      // A storeroom is a location: the shortage is there.
      place: { locationId: stock.storeroomId, assetId: null },
      occurredAt: stock.at,
      title: `${stock.sku} is below its reorder point`,
      summary: `${stock.onHand} on hand (${stock.available || stock.onHand} available) in storeroom ${stock.storeroomId}; reorder point ${stock.reorderPoint}, minimum ${stock.minimum || '0'}.`,
    });
    await this.record.execute(manager, command);
  }

  async changed(manager: EntityManager, source: SourceEvent, level: StockLevel): Promise<void> {
    if (!(await this.watches.endIfRestocked(manager, source.tenantId, level.partId, level.storeroomId, level.onHand))) return;
    await this.resolve.execute(manager, {
      tenantId: source.tenantId,
      type: 'part.restocked',
      subject: { kind: 'part', id: level.partId },
      scope: storeroomScope(level.storeroomId),
      eventId: source.eventId,
      occurredAt: level.at,
    });
  }
}
