import { randomUUID } from 'node:crypto';
import { WorkOrderOverdueSchema } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import { OVERDUE_SCAN_JOB } from '../src/overdue';
import {
  outboxEvents,
  ownerQuery,
  prepareTestConfig,
  startWorkOrders,
  testTopics,
  tokenFor,
  type WorkOrdersTestApp,
} from './support/work-orders-test-app';
import type { WorkOrdersConfig } from '../src/config/work-orders.config';

/**
 * The overdue scan as a recurring job: two replicas each propose it every interval, the queue keeps
 * one job per interval, and whichever replica is free runs it.
 */
describe('overdue scan on the job queue (two replicas)', () => {
  const tenant = randomUUID();
  let config: WorkOrdersConfig;
  const replicas: WorkOrdersTestApp[] = [];

  beforeAll(async () => {
    config = await prepareTestConfig('overdue_job', { OVERDUE_SCAN_INTERVAL_MS: '1000' });
    for (const label of ['overdue-a', 'overdue-b']) {
      replicas.push(
        await startWorkOrders(config, { overdueScan: true, topics: testTopics(label), consume: false, messaging: { relay: { enabled: false } } }),
      );
    }
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
  });

  interface ScanJob {
    id: string;
    state: string;
    singleton_on: Date;
    started_on: Date | null;
    completed_on: Date | null;
  }
  const scanJobs = (): Promise<ScanJob[]> =>
    ownerQuery<ScanJob>(config, `select id, state, singleton_on, started_on, completed_on from pgboss.job where name = $1 order by created_on`, [
      OVERDUE_SCAN_JOB.queue,
    ]);

  it('announces a past-due work order once, with one scan job per interval', async () => {
    const token = await tokenFor(config)(tenant, ['planner']);
    const created = await replicas[0]
      .http()
      .post('/api/v1/work-orders')
      .set({ Authorization: `Bearer ${token}` })
      .send({ title: 'Late', type: 'corrective', dueAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(created.status).toBe(201);
    const createdAt = Date.now();

    await expectEventually(async () => expect(await outboxEvents(config, WorkOrderOverdueSchema, created.body.id)).toHaveLength(1), {
      timeoutMs: 15_000,
    });
    // Marker: two scans that started after the announcement finished, so a duplicate would show now.
    const announcedAt = Date.now();
    await expectEventually(
      async () => {
        const later = (await scanJobs()).filter((job) => job.state === 'completed' && job.started_on && job.started_on.getTime() > announcedAt);
        expect(later.length).toBeGreaterThanOrEqual(2);
      },
      { timeoutMs: 15_000 },
    );
    expect(await outboxEvents(config, WorkOrderOverdueSchema, created.body.id)).toHaveLength(1);

    const jobs = await scanJobs();
    const perSlot = new Map<number, number>();
    for (const job of jobs) perSlot.set(job.singleton_on.getTime(), (perSlot.get(job.singleton_on.getTime()) ?? 0) + 1);
    expect([...perSlot.values()].every((count) => count === 1)).toBe(true);
    expect(jobs.filter((job) => job.state === 'failed')).toEqual([]);
    expect(jobs.some((job) => job.completed_on && job.completed_on.getTime() > createdAt)).toBe(true);
  });
});
