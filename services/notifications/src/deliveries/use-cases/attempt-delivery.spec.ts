import type { EventOutbox, OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import type { Alert, AlertRepository } from '../../alerts';
import { WEBHOOK_RETRY_POLICY, type ChannelSender, type RetryPolicy, type DeliveryOutcome, type DeliveryRequest, type WebhookTarget } from '../../channels';
import type { ChannelSenders } from '../channel-senders';
import type { Delivery } from '../delivery.entity';
import type { DeliveryRepository } from '../delivery.repository';
import type { DeliveryTargets } from '../delivery-targets';
import type { TrackEndpointHealth } from './track-endpoint-health';
import { AttemptDelivery } from './attempt-delivery';

const manager = {} as EntityManager;
const now = new Date('2026-12-04T08:00:00Z');

function setUp(outcomes: DeliveryOutcome[], delivery: Partial<Delivery> = {}, retryPolicy: RetryPolicy = WEBHOOK_RETRY_POLICY) {
  const stored: Delivery = {
    id: 'd1', tenantId: 't1', alertId: 'a1', notification: 'alert.opened', channel: 'webhook', targetId: 'w1', status: 'pending',
    attempts: 0, firstAttemptAt: null, nextAttemptAt: now, lastError: null, digestAt: null, createdAt: now, updatedAt: now, ...delivery,
  };
  const log: unknown[] = [];
  const events: OutboundEvent[] = [];
  const requests: DeliveryRequest<WebhookTarget>[] = [];
  const schedule: Array<Date | null> = [];
  const webhook: ChannelSender<WebhookTarget> = {
    channel: 'webhook',
    send: async (request) => {
      requests.push(request);
      return outcomes.shift() ?? { kind: 'delivered', latencyMs: 1 };
    },
  };
  const deliveries = {
    findForAttemptWithAlert: async () => ({ delivery: { ...stored }, alert: stored.alertId ? alertRow(stored.alertId) : null }),
    digestAlertIds: async () => ['a-open', 'a-resolved'],
    recordAttempt: async (_m: EntityManager, entry: unknown, next: Delivery) => {
      log.push(entry);
      Object.assign(stored, next);
      schedule.push(next.status === 'pending' ? next.nextAttemptAt : null);
    },
  } as unknown as DeliveryRepository;
  const alertRow = (id: string, status = 'open') =>
    ({ id, tenantId: 't1', status, severity: 'info', title: `alert ${id}`, eventIds: ['e1'], subjectKind: 'connection', subjectId: 'c1', subjectName: null, firstSeenAt: now, lastSeenAt: now }) as unknown as Alert;
  const alerts = { findById: async (_m: EntityManager, _t: string, id: string) => alertRow(id, id === 'a-resolved' ? 'resolved' : 'open') } as unknown as AlertRepository;
  const targets = { resolve: async () => ({ url: 'https://receiver.example/hook', secrets: ['whsec_x'] }) } as unknown as DeliveryTargets;
  const outbox = { append: async (_m: EntityManager, appended: OutboundEvent[]) => void events.push(...appended) } as unknown as EventOutbox;
  const senders = { webhook } as unknown as ChannelSenders;
  const endpointHealth = { afterAttempt: async () => undefined } as unknown as TrackEndpointHealth;
  const useCase = new AttemptDelivery(deliveries, alerts, targets, senders, outbox, { now: () => now, random: () => 1 }, endpointHealth, retryPolicy);
  return { useCase, stored, log, events, requests, schedule };
}

describe('AttemptDelivery', () => {
  it('a delivered attempt marks the delivery delivered, logs it and announces it', async () => {
    const { useCase, stored, log, events, requests, schedule } = setUp([{ kind: 'delivered', latencyMs: 12, responseStatus: 204 }]);
    await useCase.execute(manager, 't1', 'd1');
    expect(schedule).toEqual([null]);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 1, firstAttemptAt: now });
    expect(requests[0]).toMatchObject({ deliveryId: 'd1', attempt: 1 });
    expect(log).toEqual([expect.objectContaining({ deliveryId: 'd1', attempt: 1, outcome: 'delivered', responseStatus: 204 })]);
    expect(events.map((event) => event.schema.typeName)).toEqual(['mate.notifications.v1.DeliverySucceeded']);
  });

  it('a failed attempt schedules the next one by the backoff and announces nothing', async () => {
    const { useCase, stored, events, schedule } = setUp([{ kind: 'retryable', latencyMs: 3, responseStatus: 500, reason: 'receiver answered 500' }]);
    await useCase.execute(manager, 't1', 'd1');
    expect(schedule).toEqual([new Date(now.getTime() + 5_000)]);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: 'receiver answered 500', nextAttemptAt: new Date(now.getTime() + 5_000) });
    expect(events).toEqual([]);
  });

  it('past the 24-hour window the delivery is given up and the failure announced', async () => {
    const firstAttemptAt = new Date(now.getTime() - 24 * 60 * 60 * 1000 + 1000);
    const { useCase, stored, events } = setUp([{ kind: 'retryable', latencyMs: 3, reason: 'timed out' }], { attempts: 15, firstAttemptAt });
    await useCase.execute(manager, 't1', 'd1');
    expect(stored).toMatchObject({ status: 'failed', attempts: 16, lastError: 'timed out' });
    expect(events.map((event) => event.schema.typeName)).toEqual(['mate.notifications.v1.DeliveryFailed']);
  });

  it('a rejected attempt fails at once', async () => {
    const { useCase, stored } = setUp([{ kind: 'rejected', latencyMs: 0, reason: 'the URL is not allowed by the outbound policy' }]);
    await useCase.execute(manager, 't1', 'd1');
    expect(stored.status).toBe('failed');
  });

  it('a copy of the job that runs before the next attempt is due sends nothing (the backoff holds)', async () => {
    const { useCase, requests, log } = setUp([], { attempts: 1, nextAttemptAt: new Date(now.getTime() + 5_000) });
    await useCase.execute(manager, 't1', 'd1');
    expect(requests).toEqual([]);
    expect(log).toEqual([]);
  });

  it('retries start from the configured first delay', async () => {
    const { useCase, stored } = setUp([{ kind: 'retryable', latencyMs: 3, reason: 'receiver answered 500' }], {}, { ...WEBHOOK_RETRY_POLICY, firstDelayMs: 200 });
    await useCase.execute(manager, 't1', 'd1');
    expect(stored.nextAttemptAt).toEqual(new Date(now.getTime() + 200));
  });

  it('a digest lists its alerts as they are now, a resolved one as resolved, under one delivery id', async () => {
    const { useCase, requests } = setUp([], { alertId: null, notification: 'alert.digest', digestAt: now });
    await useCase.execute(manager, 't1', 'd1');
    expect(requests).toHaveLength(1);
    expect(requests[0].deliveryId).toBe('d1');
    expect(requests[0].digest?.alerts.map((alert) => [alert.alertId, alert.status, alert.notification])).toEqual([
      ['a-open', 'open', 'alert.opened'],
      ['a-resolved', 'resolved', 'alert.resolved'],
    ]);
  });

  it('a delivery no longer pending is not sent again', async () => {
    const { useCase, requests, log } = setUp([], { status: 'delivered', attempts: 1 });
    await useCase.execute(manager, 't1', 'd1');
    expect(requests).toEqual([]);
    expect(log).toEqual([]);
  });
});
