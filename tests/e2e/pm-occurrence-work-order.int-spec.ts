import { randomUUID } from 'node:crypto';
import { PmOccurrenceDueSchema } from '@mate/contracts';
import { expectEventually } from '@mate/testing';
import type { PmSchedulingConfig } from '../../services/pm-scheduling/src/config/pm-scheduling.config';
import {
  knownAsset,
  ownerQuery as pmQuery,
  prepareTestConfig as preparePmConfig,
  startPmScheduling,
  tokenFor,
  TestPublisher,
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
  const publisher = new TestPublisher();

  beforeAll(async () => {
    pmConfig = await preparePmConfig('e2e');
    workOrdersConfig = await prepareWorkOrdersConfig('pm_e2e');
    pm = await startPmScheduling(pmConfig, { topics: { own: topics.pm, assets: topics.assets, workOrders: topics.workOrders }, messaging: fast });
    await publisher.connect();
    workOrders = await startWorkOrders(workOrdersConfig, { topics: { own: topics.workOrders, pmScheduling: topics.pm, assets: topics.assets }, messaging: fast, overdueScan: false });
  });

  afterAll(async () => {
    await publisher.disconnect();
    await workOrders?.close();
    await pm?.close();
  });

  /** A plan on a new asset of the tenant: its id and the asset's. */
  async function createPlan(body: Record<string, unknown>): Promise<{ planId: string; assetId: string }> {
    const assetId = await knownAsset(pmConfig, tenant);
    const planner = `Bearer ${await tokenFor(pmConfig, tenant, ['planner'])}`;
    const plan = await pm.http().post('/api/v1/pm-plans').set('Authorization', planner).send({ ...body, target: { assetIds: [assetId] } }).expect(201);
    return { planId: plan.body.id as string, assetId };
  }

  it('creates exactly one preventive work order for the occurrence and reports it back', async () => {
    const { planId, assetId } = await createPlan({
      title: 'Weekly compressor check',
      template: { priority: 'high', estimatedDurationMinutes: 45, checklist: [{ label: 'Drain condensate', kind: 'sub_task', required: true }] },
      zone: 'Europe/Berlin',
      startsAt: '2027-01-04T00:00:00Z',
      triggers: [{ kind: 'calendar', rule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=6;BYMINUTE=0' }],
      dueOffset: 'PT8H',
    });
    await pm.engine.run(new Date('2027-01-04T05:30:00Z'));
    await pm.engine.run(new Date('2027-01-04T05:30:00Z'));
    const [occurrence] = await pmQuery<{ occurrence_id: string }>(pmConfig, 'select occurrence_id from pm_occurrences where plan_id = $1', [planId]);

    await expectEventually(
      async () => {
        const created = await workOrdersQuery<{ title: string; type: string; due_at: Date; pm_plan_id: string; asset_id: string }>(
          workOrdersConfig,
          'select title, type, due_at, pm_plan_id, asset_id from work_orders where tenant_id = $1 and pm_occurrence_id = $2',
          [tenant, occurrence!.occurrence_id],
        );
        expect(created).toEqual([{ title: 'Weekly compressor check', type: 'preventive', due_at: new Date('2027-01-04T13:00:00Z'), pm_plan_id: planId, asset_id: assetId }]);
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

  it('replace_open cancels the replaced open work order once, with its events; a catch-up occurrence\'s work order is marked', async () => {
    const { planId, assetId } = await createPlan({
      title: 'Daily filter check',
      template: {},
      zone: 'UTC',
      startsAt: '2027-02-01T00:00:00Z',
      endsAt: '2027-02-06T00:00:00Z',
      triggers: [{ kind: 'calendar', rule: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0' }],
      overlap: 'replace_open',
      missed: 'catch_up_one',
    });
    type Row = { pm_occurrence_id: string; status: string; pm_catch_up: boolean };
    const workOrdersOfPlan = () =>
      workOrdersQuery<Row>(workOrdersConfig, 'select pm_occurrence_id, status, pm_catch_up from work_orders where tenant_id = $1 and pm_plan_id = $2 order by planned_start_at', [tenant, planId]);
    // The relay deletes what it sent: the occurrences are read where the engine recorded them.
    const generated = () =>
      pmQuery<{ occurrence_id: string; catch_up: boolean }>(pmConfig, `select occurrence_id, catch_up from pm_occurrences where plan_id = $1 and outcome = 'generated' order by occurrence_at`, [planId]);

    await pm.engine.run(new Date('2027-02-01T07:00:00Z'));
    await expectEventually(async () => expect(await workOrdersOfPlan()).toHaveLength(1), { timeoutMs: 60_000 });
    // Down until the 4th: the 3rd is the catch-up (it replaces the 1st), the 4th the current one.
    await pm.engine.run(new Date('2027-02-04T07:00:00Z'));
    const [first, catchUp, current] = await generated();
    expect([first!.catch_up, catchUp!.catch_up, current!.catch_up]).toEqual([false, true, false]);
    // The catch-up's event again under another ce_id (a re-emission): no second work order, no second cancellation.
    await publisher.publish(
      topics.pm,
      PmOccurrenceDueSchema,
      { planId, occurrenceId: catchUp!.occurrence_id, assetId, template: { title: 'Daily filter check', assetId }, catchUp: true, replacesOccurrenceIds: [first!.occurrence_id] },
      { tenantId: tenant, subject: planId },
    );
    // The marker behind it on the plan's partition: the 5th replaces the 3rd and the 4th.
    await pm.engine.run(new Date('2027-02-05T07:00:00Z'));
    const fifth = (await generated())[3]!;

    await expectEventually(
      async () =>
        expect(await workOrdersOfPlan()).toEqual([
          { pm_occurrence_id: first!.occurrence_id, status: 'cancelled', pm_catch_up: false },
          { pm_occurrence_id: catchUp!.occurrence_id, status: 'cancelled', pm_catch_up: true },
          { pm_occurrence_id: current!.occurrence_id, status: 'cancelled', pm_catch_up: false },
          { pm_occurrence_id: fifth.occurrence_id, status: 'open', pm_catch_up: false },
        ]),
      { timeoutMs: 60_000 },
    );
    const cancellations = await workOrdersQuery<{ pm_occurrence_id: string; actor: string; reason: string }>(
      workOrdersConfig,
      `select w.pm_occurrence_id, h.actor, h.reason from work_order_history h join work_orders w on w.id = h.work_order_id
        where w.tenant_id = $1 and w.pm_plan_id = $2 and h.kind = 'transition' and h.to_status = 'cancelled' order by w.planned_start_at`,
      [tenant, planId],
    );
    expect(cancellations.map((row) => [row.pm_occurrence_id, row.actor])).toEqual([
      [first!.occurrence_id, 'system:pm-scheduling'],
      [catchUp!.occurrence_id, 'system:pm-scheduling'],
      [current!.occurrence_id, 'system:pm-scheduling'],
    ]);
    expect(cancellations[0]!.reason).toContain(catchUp!.occurrence_id);
    // WorkOrderCancelled came back: the PM service knows the replaced occurrences are closed.
    await expectEventually(
      async () => {
        const rows = await pmQuery<{ occurrence_id: string; work_order_status: string }>(pmConfig, 'select occurrence_id, work_order_status from pm_occurrences where plan_id = $1 and outcome = $2 order by occurrence_at', [planId, 'generated']);
        expect(rows.map((row) => row.work_order_status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'open']);
      },
      { timeoutMs: 60_000 },
    );
  });
});
