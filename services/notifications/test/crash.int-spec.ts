import { randomUUID } from 'node:crypto';
import { withTenantTransaction } from '@mate/database';
import { TenantDataKey } from '@mate/secrets';
import { expectEventually, killRemaining, startServiceProcess, terminate, type ServiceProcess } from '@mate/testing';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { generateWebhookSecret } from '../src/channels';
import { startWebhookReceiver, type WebhookReceiver } from './loopback-receivers';
import { notificationsTestConfig, prepareNotificationsTestDatabase, seedRouting } from './notifications-test-app';

const DATABASE = 'mate_notifications_crash_test';

/**
 * The service as its own process, killed (SIGKILL, no shutdown hook) while a webhook receiver
 * holds its delivery open: after a restart the delivery is made, with the webhook-id the receiver
 * saw on the first attempt, and nothing is lost.
 */
describe('a notifications process killed mid-delivery', () => {
  const tenant = randomUUID();
  const secret = generateWebhookSecret();
  const processes: ServiceProcess[] = [];
  let receiver: WebhookReceiver;
  let dataSource: DataSource;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    // The first attempt never gets an answer: the process is killed while it waits.
    receiver.holdNext(1);
    const config = notificationsTestConfig(DATABASE);
    await prepareNotificationsTestDatabase(config);
    dataSource = await new DataSource({ type: 'postgres', url: config.database.ownerUrl, entities: [TenantDataKey] }).initialize();
  });

  afterAll(async () => {
    killRemaining(processes);
    await receiver?.close();
    await dataSource?.destroy();
  });

  const startProcess = async (): Promise<ServiceProcess> => {
    const started = await startServiceProcess({
      name: 'notifications',
      nodeArgs: ['-r', '@swc-node/register', 'services/notifications/test/fixtures/notifications-process.ts'],
      env: {
        NODE_ENV: 'development',
        NOTIFICATIONS_TEST_DATABASE: DATABASE,
        OUTBOUND_ALLOW_LIST: '127.0.0.1',
        DELIVERY_SWEEP_INTERVAL_MS: '1000',
        // Short, so the killed attempt's claim runs out soon after the restart.
        WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
    processes.push(started);
    return started;
  };

  /** A critical alert with one webhook delivery due now, as the event handler's transaction leaves them. */
  const openAlertWithDelivery = (): Promise<{ alertId: string; deliveryId: string }> =>
    withTenantTransaction(dataSource, tenant, async (manager) => {
      const { webhookId } = await seedRouting(manager, tenant, { webhookUrl: receiver.url, secrets: [secret], emails: ['unused@example.test'] });
      const alertId = randomUUID();
      const deliveryId = randomUUID();
      const now = new Date();
      await manager.query(
        `insert into alerts (id, tenant_id, type, severity, subject_kind, subject_id, subject_name, dedupe_key, status, title, summary,
                             occurrence_count, first_seen_at, last_seen_at, event_ids, version, updated_at)
         values ($1, $2, 'connection.reauth_required', 'critical', 'connection', 'c-1', 'Maximo', 'connection.reauth_required:connection:c-1', 'open',
                 'Maximo needs new credentials', 'The system refused the credentials.', 1, $3, $3, $4, 1, $3)`,
        [alertId, tenant, now, [randomUUID()]],
      );
      await manager.query(
        `insert into deliveries (id, tenant_id, alert_id, notification, channel, target_id, status, attempts, next_attempt_at, created_at, updated_at)
         values ($1, $2, $3, 'alert.opened', 'webhook', $4, 'pending', 0, $5, $5, $5)`,
        [deliveryId, tenant, alertId, webhookId, now],
      );
      await manager.query(`insert into delivery_schedule (delivery_id, tenant_id, due_at) values ($1, $2, $3)`, [deliveryId, tenant, now]);
      return { alertId, deliveryId };
    });

  it('delivers after the restart with the same webhook-id; the killed attempt left no trace but the repeat', async () => {
    const { alertId, deliveryId } = await openAlertWithDelivery();
    const first = await startProcess();
    await expectEventually(() => expect(receiver.received).toHaveLength(1), { timeoutMs: 90_000, intervalMs: 100 });
    expect(await terminate([first], 'SIGKILL')).toEqual([{ exit: 'SIGKILL', refusedReadinessFirst: false }]);

    const second = await startProcess();
    await expectEventually(() => expect(receiver.received).toHaveLength(2), { timeoutMs: 90_000, intervalMs: 200 });
    const [killed, repeat] = receiver.received;
    expect(repeat.headers['webhook-id']).toBe(deliveryId);
    expect(killed.headers['webhook-id']).toBe(deliveryId);
    for (const attempt of receiver.received) {
      expect(new Webhook(secret).verify(attempt.body, attempt.headers)).toMatchObject({ type: 'alert.opened', data: { alert_id: alertId } });
    }
    await expectEventually(
      async () => {
        const state = await dataSource.query(
          `select d.status, d.attempts, (select array_agg(a.outcome order by a.id) from delivery_attempts a where a.delivery_id = d.id) as log,
                  (select count(*)::int from delivery_schedule s where s.delivery_id = d.id) as scheduled
           from deliveries d where d.id = $1`,
          [deliveryId],
        );
        // The killed attempt's transaction rolled back: the log holds the attempt whose answer was seen.
        expect(state).toEqual([{ status: 'delivered', attempts: 1, log: ['delivered'], scheduled: 0 }]);
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(await terminate([second])).toEqual([expect.objectContaining({ exit: 'SIGTERM' })]);
  });
});
