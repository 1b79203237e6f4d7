import { randomUUID } from 'node:crypto';
import { expectEventually } from '@mate/testing';
import type { PmSchedulingConfig } from '../../services/pm-scheduling/src/config/pm-scheduling.config';
import {
  knownAsset,
  ownerQuery as pmQuery,
  prepareTestConfig as preparePmConfig,
  startPmScheduling,
  tokenFor,
  type PmTestApp,
} from '../../services/pm-scheduling/test/support/pm-test-app';
import type { WorkOrdersConfig } from '../../services/work-orders/src/config/work-orders.config';
import {
  ownerQuery as workOrdersQuery,
  prepareTestConfig as prepareWorkOrdersConfig,
  startWorkOrders,
  type WorkOrdersTestApp,
} from '../../services/work-orders/test/support/work-orders-test-app';

/**
 * End to end over the real broker: the PM service's engine makes an occurrence due, the work-orders
 * service creates its preventive work order, and its WorkOrderCreated comes back to the occurrence.
 */
describe('a PM occurrence becomes a work order (both services, PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  const suffix = `e2e-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const topics = { pm: `test.pm.${suffix}`, workOrders: `test.wo.${suffix}`, assets: `test.assets.${suffix}` };
  let pmConfig: PmSchedulingConfig;
  let workOrdersConfig: WorkOrdersConfig;
  let pm: PmTestApp;
  let workOrders: WorkOrdersTestApp;
  const fast = { relay: { pollIntervalMs: 100 } };

  beforeAll(async () => {
    pmConfig = await preparePmConfig('e2e');
    workOrdersConfig = await prepareWorkOrdersConfig('pm_e2e');
    pm = await startPmScheduling(pmConfig, { topics: { own: topics.pm, assets: topics.assets, workOrders: topics.workOrders }, messaging: fast });
    workOrders = await startWorkOrders(workOrdersConfig, { topics: { own: topics.workOrders, pmScheduling: topics.pm, assets: topics.assets }, messaging: fast, overdueScan: false });
  });

  afterAll(async () => {
    await workOrders?.close();
    await pm?.close();
  });

  it('creates exactly one preventive work order for the occurrence and reports it back', async () => {
    const assetId = await knownAsset(pmConfig, tenant);
    const planner = `Bearer ${await tokenFor(pmConfig, tenant, ['planner'])}`;
    const plan = await pm
      .http()
      .post('/api/v1/pm-plans')
      .set('Authorization', planner)
      .send({
        title: 'Weekly compressor check',
        template: { priority: 'high', estimatedDurationMinutes: 45, checklist: [{ label: 'Drain condensate', kind: 'sub_task', required: true }] },
        target: { assetIds: [assetId] },
        zone: 'Europe/Berlin',
        startsAt: '2027-01-04T00:00:00Z',
        triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=6;BYMINUTE=0' }],
        dueOffset: 'PT8H',
      })
      .expect(201);
    await pm.engine.run(new Date('2027-01-04T05:30:00Z'));
    await pm.engine.run(new Date('2027-01-04T05:30:00Z'));
    const [occurrence] = await pmQuery<{ occurrence_id: string }>(pmConfig, 'select occurrence_id from pm_occurrences where plan_id = $1', [plan.body.id]);

    await expectEventually(
      async () => {
        const created = await workOrdersQuery<{ title: string; type: string; due_at: Date; pm_plan_id: string; asset_id: string }>(
          workOrdersConfig,
          'select title, type, due_at, pm_plan_id, asset_id from work_orders where tenant_id = $1 and pm_occurrence_id = $2',
          [tenant, occurrence!.occurrence_id],
        );
        expect(created).toEqual([{ title: 'Weekly compressor check', type: 'preventive', due_at: new Date('2027-01-04T13:00:00Z'), pm_plan_id: plan.body.id, asset_id: assetId }]);
      },
      { timeoutMs: 60_000 },
    );
    await expectEventually(
      async () => {
        const [row] = await pmQuery<{ work_order_id: string | null; work_order_status: string | null }>(pmConfig, 'select work_order_id, work_order_status from pm_occurrences where occurrence_id = $1', [occurrence!.occurrence_id]);
        expect(row).toMatchObject({ work_order_status: 'open' });
        expect(row!.work_order_id).not.toBeNull();
      },
      { timeoutMs: 60_000 },
    );
  });
});
