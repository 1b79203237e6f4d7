import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { DeliveryAttemptLogEntry } from '../channels';
import { DeliveryAttempt } from './delivery-attempt.entity';
import { Delivery } from './delivery.entity';

/** Every query of deliveries and their log; each runs in the caller's (tenant) transaction. */
@Injectable()
export class DeliveryRepository {
  async insert(manager: EntityManager, deliveries: Delivery[]): Promise<void> {
    if (deliveries.length > 0) await manager.insert(Delivery, deliveries);
  }

  async save(manager: EntityManager, delivery: Delivery): Promise<void> {
    await manager.update(Delivery, { tenantId: delivery.tenantId, id: delivery.id }, delivery);
  }

  /**
   * The delivery, locked for the attempt: a second worker given the same delivery (a job retried
   * while the first still runs) waits, then finds it no longer pending.
   */
  findForAttempt(manager: EntityManager, tenantId: string, id: string): Promise<Delivery | null> {
    return manager
      .createQueryBuilder(Delivery, 'delivery')
      .setLock('pessimistic_write')
      .where('delivery.tenant_id = :tenantId and delivery.id = :id', { tenantId, id })
      .getOne();
  }

  async logAttempt(manager: EntityManager, tenantId: string, entry: DeliveryAttemptLogEntry): Promise<void> {
    await manager.insert(DeliveryAttempt, { tenantId, ...entry });
  }

  /** Due at `dueAt` (again): written in the transaction that created or retried the delivery. */
  async schedule(manager: EntityManager, delivery: Pick<Delivery, 'id' | 'tenantId'>, dueAt: Date): Promise<void> {
    await manager.query(
      `insert into delivery_schedule (delivery_id, tenant_id, due_at) values ($1, $2, $3)
       on conflict (delivery_id) do update set due_at = excluded.due_at`,
      [delivery.id, delivery.tenantId, dueAt],
    );
  }

  async unschedule(manager: EntityManager, deliveryId: string): Promise<void> {
    await manager.query('delete from delivery_schedule where delivery_id = $1', [deliveryId]);
  }

  /** Deliveries due now, across tenants (the sweep's query; ids only). */
  due(manager: EntityManager, now: Date, limit: number): Promise<Array<{ deliveryId: string; tenantId: string }>> {
    return manager.query(
      'select delivery_id as "deliveryId", tenant_id as "tenantId" from delivery_schedule where due_at <= $1 order by due_at limit $2',
      [now, limit],
    );
  }

  /** The log of the deliveries to one target, newest attempt first. */
  async pageAttemptsOfTarget(manager: EntityManager, tenantId: string, targetId: string, page: KeysetPage): Promise<Page<DeliveryAttemptView>> {
    const query = manager
      .createQueryBuilder(DeliveryAttempt, 'attempt')
      .innerJoin(Delivery, 'delivery', 'delivery.tenant_id = attempt.tenant_id and delivery.id = attempt.delivery_id')
      .select(['attempt.delivery_id as "deliveryId"', 'delivery.alert_id as "alertId"', 'delivery.notification as notification', 'attempt.attempt as attempt'])
      .addSelect(['attempt.outcome as outcome', 'attempt.response_status as "responseStatus"', 'attempt.latency_ms as "latencyMs"', 'attempt.error as error'])
      .addSelect(['attempt.attempted_at as "attemptedAt"', 'delivery.status as "deliveryStatus"'])
      .where('attempt.tenant_id = :tenantId and delivery.target_id = :targetId', { tenantId, targetId });
    const raw = await page.apply(query).getRawMany<DeliveryAttemptView & Record<string, unknown>>();
    return page.finish(raw, raw);
  }
}

/** A delivery-log row with its delivery's alert, notification and current status. */
export interface DeliveryAttemptView {
  deliveryId: string;
  alertId: string;
  notification: string;
  attempt: number;
  outcome: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  attemptedAt: Date;
  deliveryStatus: string;
}
