import { Injectable } from '@nestjs/common';
import type { KeysetPage, Page } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { Alert } from '../alerts';
import type { DeliveryAttemptLogEntry } from '../channels';
import { claimDueSchedule } from '../database/claim-due-schedule';
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

  /**
   * The same, with the alert it tells of read by the same statement (null for a digest, or when
   * the alert is gone): a burst's attempts make one round trip fewer each. Only the delivery is locked.
   */
  async findForAttemptWithAlert(manager: EntityManager, tenantId: string, id: string): Promise<{ delivery: Delivery; alert: Alert | null } | null> {
    const found: (Delivery & { alert?: Alert }) | null = await manager
      .createQueryBuilder(Delivery, 'delivery')
      .leftJoinAndMapOne('delivery.alert', Alert, 'alert', 'alert.tenant_id = delivery.tenant_id and alert.id = delivery.alert_id')
      .setLock('pessimistic_write', undefined, ['delivery'])
      .where('delivery.tenant_id = :tenantId and delivery.id = :id', { tenantId, id })
      .getOne();
    if (!found) return null;
    const { alert = null, ...delivery } = found;
    return { delivery, alert };
  }

  /**
   * An attempt's outcome, in one statement (a burst's attempts make two round trips fewer each):
   * its log row, the delivery's new state, and its schedule row moved to the next attempt, or
   * removed once the delivery is done.
   */
  async recordAttempt(manager: EntityManager, entry: DeliveryAttemptLogEntry, delivery: Delivery): Promise<void> {
    const nextDueAt = delivery.status === 'pending' ? delivery.nextAttemptAt : null;
    await manager.query(
      `with logged as (
         insert into delivery_attempts (tenant_id, delivery_id, attempt, channel, outcome, response_status, latency_ms, error, attempted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ), rescheduled as (
         insert into delivery_schedule (delivery_id, tenant_id, due_at)
         select $2, $1, $10::timestamptz where $10::timestamptz is not null
         on conflict (delivery_id) do update set due_at = excluded.due_at
       ), unscheduled as (
         delete from delivery_schedule where delivery_id = $2 and $10::timestamptz is null
       )
       update deliveries
          set status = $11, attempts = $12, first_attempt_at = $13, next_attempt_at = $14, last_error = $15, updated_at = $16
        where tenant_id = $1 and id = $2`,
      [
        delivery.tenantId,
        delivery.id,
        entry.attempt,
        entry.channel,
        entry.outcome,
        entry.responseStatus,
        entry.latencyMs,
        entry.error,
        entry.attemptedAt,
        nextDueAt,
        delivery.status,
        delivery.attempts,
        delivery.firstAttemptAt,
        delivery.nextAttemptAt,
        delivery.lastError,
        delivery.updatedAt,
      ],
    );
  }

  /** Due at `dueAt` (again): written in the transaction that created or retried the delivery. */
  async schedule(manager: EntityManager, delivery: Pick<Delivery, 'id' | 'tenantId'>, dueAt: Date): Promise<void> {
    await manager.query(
      `insert into delivery_schedule (delivery_id, tenant_id, due_at) values ($1, $2, $3)
       on conflict (delivery_id) do update set due_at = excluded.due_at`,
      [delivery.id, delivery.tenantId, dueAt],
    );
  }

  /** Several schedule rows in one statement (the deliveries of one alert). */
  async scheduleMany(manager: EntityManager, entries: ReadonlyArray<{ delivery: Pick<Delivery, 'id' | 'tenantId'>; dueAt: Date }>): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `insert into delivery_schedule (delivery_id, tenant_id, due_at)
       select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
       on conflict (delivery_id) do update set due_at = excluded.due_at`,
      [entries.map((entry) => entry.delivery.id), entries.map((entry) => entry.delivery.tenantId), entries.map((entry) => entry.dueAt)],
    );
  }

  /** Claims the deliveries due now (the sweep's query; ids only): see claimDueSchedule. */
  async claimDue(manager: EntityManager, now: Date, leaseMs: number, limit: number): Promise<Array<{ deliveryId: string; tenantId: string }>> {
    const rows = await claimDueSchedule(manager, 'deliveries', now, leaseMs, limit);
    return rows.map(({ id, tenantId }) => ({ deliveryId: id, tenantId }));
  }

  /**
   * The digest delivery of one target and send time, created if need be, locked: an attempt of
   * it holds the same lock, so an alert is added either before the digest is sent (and is in it)
   * or after (and the caller moves it to the next window).
   */
  async lockDigest(manager: EntityManager, digest: Pick<Delivery, 'tenantId' | 'channel' | 'targetId' | 'digestAt' | 'id' | 'createdAt'>): Promise<Delivery> {
    await manager.query(
      `insert into deliveries (id, tenant_id, alert_id, notification, channel, target_id, status, attempts, next_attempt_at, digest_at, created_at, updated_at)
       values ($1, $2, null, 'alert.digest', $3, $4, 'pending', 0, $5, $5, $6, $6)
       on conflict (tenant_id, channel, target_id, digest_at) where digest_at is not null do nothing`,
      [digest.id, digest.tenantId, digest.channel, digest.targetId, digest.digestAt, digest.createdAt],
    );
    const locked = await manager
      .createQueryBuilder(Delivery, 'delivery')
      .setLock('pessimistic_write')
      .where('delivery.tenant_id = :tenantId and delivery.channel = :channel and delivery.target_id = :targetId and delivery.digest_at = :digestAt', digest)
      .getOne();
    if (!locked) throw new Error(`the digest delivery of ${digest.channel} ${digest.targetId} at ${String(digest.digestAt)} vanished`);
    return locked;
  }

  /** An alert in a digest, once (a second notification of the same alert adds nothing: the digest shows its status). */
  async addDigestEntry(manager: EntityManager, digest: Pick<Delivery, 'id' | 'tenantId'>, alertId: string, notification: string, at: Date): Promise<void> {
    await manager.query(
      `insert into digest_entries (delivery_id, alert_id, tenant_id, notification, added_at) values ($1, $2, $3, $4, $5)
       on conflict (delivery_id, alert_id) do nothing`,
      [digest.id, alertId, digest.tenantId, notification, at],
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

  /** The alerts of a digest, in the order they were added. */
  async digestAlertIds(manager: EntityManager, tenantId: string, deliveryId: string): Promise<string[]> {
    const rows: Array<{ alertId: string }> = await manager.query(
      'select alert_id as "alertId" from digest_entries where tenant_id = $1 and delivery_id = $2 order by added_at, alert_id',
      [tenantId, deliveryId],
    );
    return rows.map((row) => row.alertId);
  }
}

/** A delivery-log row with its delivery's alert, notification and current status. */
export interface DeliveryAttemptView {
  deliveryId: string;
  /** Null for a digest. */
  alertId: string | null;
  notification: string;
  attempt: number;
  outcome: string;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
  attemptedAt: Date;
  deliveryStatus: string;
}
