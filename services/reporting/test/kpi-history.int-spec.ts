import { randomUUID } from 'node:crypto';
import { startEventConsumer } from '@mate/messaging';
import { createTestingApp, loadServiceConfig, prepareDatabase, signDevelopmentToken, throwingConfigReporter } from '@mate/service-kit';
import { countAfterMarker, expectEventually, recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { WorkOrderStatus, WorkOrderStatusChangedSchema, WorkOrderUpdatedSchema } from '@mate/contracts';
import { ReportingAppModule } from '../src/app.module';
import { REPORTING_CONFIG_SPEC, REPORTING_SERVICE, type ReportingConfig } from '../src/config/reporting.config';
import { REPORTING_MIGRATIONS } from '../src/database/migrations';
import { HISTORY, at } from '../src/kpis/week-history.fixture';
import { eventsOf, HistoryPublisher, Ids, type HistoryEvent, type HistoryTopics } from './history-events';

const WEEK = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

/**
 * A known week of maintenance sent as real events through the broker (repairs spanning midnight,
 * overlapping downtime of one asset, a reopened and two cancelled work orders, PM done in grace and
 * beyond it, parts, labour and other costs); every KPI the API answers is compared with the figure
 * worked out by hand (the same week as src/kpis/kpi-catalogue.spec.ts, judged now instead of on
 * 12 March: the quarterly PM's grace has passed, so it is missed rather than pending).
 */
describe('reporting KPIs from a known history of events (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  const suffix = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const topics: HistoryTopics = { workOrders: `test.rep.wo.${suffix}`, assets: `test.rep.assets.${suffix}`, pmScheduling: `test.rep.pm.${suffix}` };
  const ids = new Ids();
  const events = eventsOf(HISTORY, ids, { reopenedAt: new Map([['w4', at('2026-03-06T11:30')]]) });
  const publisher = new HistoryPublisher(topics, tenant);
  const sentIds: string[] = [];
  let config: ReportingConfig;
  let app: INestApplication;
  let authorization: string;

  /** Events handled (or skipped as duplicates: they write no second row) by the consumer group. */
  const inboxRows = async (): Promise<number> => (await app.get(DataSource).query<{ n: number }[]>('select count(*)::int as n from mate_inbox'))[0]?.n ?? 0;

  const figure = async (kpi: string, extra = '') => {
    const response = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/${kpi}?${WEEK}${extra}`).set('Authorization', authorization).expect(200);
    return response.body.figure as { value: number | null; counts: Record<string, unknown>; breakdown?: unknown[]; drillDown: { workOrderIds: string[]; downtimeIds: string[] } };
  };
  const labels = (list: string[]) => list.map((id) => ids.labelOf(id)).sort();

  beforeAll(async () => {
    const databaseName = 'mate_reporting_test_history';
    const base = loadServiceConfig(REPORTING_SERVICE, REPORTING_CONFIG_SPEC, {
      env: { NODE_ENV: 'test', LOG_LEVEL: 'error', DATABASE_URL: testDatabaseServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(',') },
      reporter: throwingConfigReporter,
    });
    const ownerUrl = await recreateDatabase(databaseName);
    const appUrl = new URL(ownerUrl);
    appUrl.username = base.database.appRole;
    appUrl.password = '';
    config = { ...base, database: { ...base.database, databaseName, ownerUrl, appUrl: appUrl.toString() } };
    await prepareDatabase(config, REPORTING_MIGRATIONS);
    const moduleRef = await Test.createTestingModule({ imports: [ReportingAppModule.register({ config, topics, freshness: { refreshMs: 500 } })] }).compile();
    app = await createTestingApp(moduleRef);
    await startEventConsumer(app);
    if (config.auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
    authorization = `Bearer ${await signDevelopmentToken(config.auth, { subject: 'planner-1', tenantId: tenant, roles: ['planner'] })}`;
    await publisher.connect();
    for (const event of events) sentIds.push(await publisher.publish(event));
    await expectEventually(
      async () => expect(await inboxRows()).toBe(events.length),
      { timeoutMs: 60_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await publisher.disconnect();
    await app?.close();
  });

  it('MTTR: stop → restored of merged unplanned outages, a repair spanning midnight counted whole', async () => {
    // (6 h d5 begun Sunday + 7 h d1∪d2 over midnight + 1.5 h d4) / 3; d6 still down.
    const mttr = await figure('mttr');
    expect(mttr.counts).toEqual({ repairHours: 14.5, repairs: 3, stillDown: 1 });
    expect(mttr.value).toBeCloseTo(14.5 / 3, 10);
    expect(labels(mttr.drillDown.downtimeIds)).toEqual(['d1', 'd2', 'd4', 'd5']);
  });

  it('availability and MTBF over each asset’s time in service, planned and unplanned apart', async () => {
    const availability = await figure('availability');
    expect(availability.counts).toMatchObject({ serviceHours: 288, uptimeHours: 269.5, plannedDowntimeHours: 4, unplannedDowntimeHours: 14.5 });
    expect(availability.value).toBeCloseTo(269.5 / 288, 12);
    const mtbf = await figure('mtbf');
    expect(mtbf.counts).toEqual({ operatingHours: 269.5, failures: 3, assets: 2 });
  });

  it('MTTA, schedule compliance, planned percentage and reactive ratio', async () => {
    expect((await figure('mtta')).counts).toEqual({ responseHours: 100 / 60, responded: 3, notResponded: 1 });
    expect((await figure('schedule-compliance')).counts).toEqual({ completedInScheduledWeek: 2, scheduled: 5 });
    // w4 reopened and completed again on Saturday: counted once, on its latest completion.
    expect((await figure('planned-maintenance-percentage')).counts).toEqual({ plannedHours: 5.5, allHours: 22.5, workOrders: 6 });
    expect((await figure('reactive-ratio')).counts).toEqual({ reactive: 4, all: 6 });
  });

  it('PM compliance: grace from the plan’s interval; cancelled apart; the quarterly PM now past its grace', async () => {
    const compliance = await figure('pm-compliance');
    expect(compliance.counts).toEqual({ onTime: 2, due: 5, late: 1, missed: 2, pendingInGrace: 0, cancelled: 1 });
    expect(compliance.value).toBe(0.4);
  });

  it('backlog, overdue work and maintenance cost', async () => {
    const backlog = await figure('backlog');
    expect(backlog.counts).toEqual({ workOrders: 5, estimatedHours: 13.5, withoutEstimate: 0, at: '2026-03-09T00:00:00.000Z' });
    expect(labels(backlog.drillDown.workOrderIds)).toEqual(['w10', 'w12', 'w6', 'w7', 'w9']);
    expect((await figure('overdue-work')).counts).toEqual({ overdue: 4, open: 5, at: '2026-03-09T00:00:00.000Z' });
    const cost = await figure('maintenance-cost');
    expect(cost.counts).toEqual({ labour: '1085', parts: '108.25', other: '100', total: '1293.25', workOrders: 6 });
    expect((await figure('maintenance-cost', `&locationId=${ids.of('L2')}`)).counts).toMatchObject({ total: '175', workOrders: 2 });
  });

  it('drills down to the work orders behind a figure, a page at a time, and exports CSV', async () => {
    const http = () => request(app.getHttpServer());
    const first = await http().get(`/api/v1/reports/kpis/backlog/work-orders?${WEEK}&limit=3`).set('Authorization', authorization).expect(200);
    const second = await http().get(`/api/v1/reports/kpis/backlog/work-orders?${WEEK}&limit=3&cursor=${first.body.nextCursor}`).set('Authorization', authorization).expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect(labels([...first.body.items, ...second.body.items].map((item: { id: string }) => item.id))).toEqual(['w10', 'w12', 'w6', 'w7', 'w9']);
    const csv = await http().get(`/api/v1/reports/kpis/mttr?${WEEK}&format=csv`).set('Authorization', authorization).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('mttr,2026-03-02T00:00:00.000Z,2026-03-09T00:00:00.000Z,,repairs,3,hours');
  });

  it('says how fresh the answer is, and exports it at /metrics', async () => {
    await expectEventually(
      async () => {
        const response = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/mttr?${WEEK}`).set('Authorization', authorization).expect(200);
        expect(response.body.freshness).toMatchObject({ lagSeconds: 0 });
      },
      { timeoutMs: 20_000 },
    );
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(new RegExp(`^mate_reporting_projection_lag_seconds\\{[^}]*topic="${topics.workOrders.replace(/\./g, '\\.')}"[^}]*\\} 0`, 'm'));
  });

  it('answers problem+json naming the field for bad input, and shows another tenant nothing', async () => {
    const bad = async (path: string, field: string) => {
      const response = await request(app.getHttpServer()).get(path).set('Authorization', authorization).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    };
    await bad(`/api/v1/reports/kpis/mttx?${WEEK}`, 'kpi');
    await bad('/api/v1/reports/kpis/mttr?from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z', 'to');
    await bad('/api/v1/reports/kpis/mttr?from=2024-01-01T00:00:00Z&to=2026-03-02T00:00:00Z', 'to');
    await bad(`/api/v1/reports/kpis/mttr?${WEEK}&plant=north`, 'plant');
    await bad(`/api/v1/reports/kpis/mttr?${WEEK}&workTypes=repair`, 'workTypes');
    await bad(`/api/v1/reports/kpis/mttr/trend?${WEEK}&granularity=hour`, 'granularity');
    if (config.auth.mode !== 'dev') throw new Error('tests run in dev auth mode');
    const stranger = await signDevelopmentToken(config.auth, { subject: 'planner-2', tenantId: randomUUID(), roles: ['planner'] });
    const theirs = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/mttr?${WEEK}`).set('Authorization', `Bearer ${stranger}`).expect(200);
    expect(theirs.body.figure.counts).toEqual({ repairHours: 0, repairs: 0, stillDown: 0 });
  });

  it('a redelivered event changes nothing', async () => {
    // Redelivered, the reopening of w4 would undo its final completion (without the inbox).
    const index = events.findIndex(
      (event: HistoryEvent) => event.schema === WorkOrderStatusChangedSchema && event.subject === ids.of('w4') && event.message['fromStatus'] === WorkOrderStatus.COMPLETED,
    );
    const reopening = events[index] as HistoryEvent;
    const created = events.find((event) => event.subject === ids.of('w4')) as HistoryEvent;
    const snapshot = (created.message['workOrder'] ?? {}) as Record<string, unknown>;
    const counts = await countAfterMarker(
      {
        send: async () => {
          await publisher.publish(reopening, sentIds[index]);
          await publisher.publish({ ...created, schema: WorkOrderUpdatedSchema, message: { workOrder: { ...snapshot, number: 'WO-w4-marker', status: WorkOrderStatus.COMPLETED }, changedFields: ['title'] } });
        },
        arrived: async () => {
          const page = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/reactive-ratio/work-orders?${WEEK}`).set('Authorization', authorization).expect(200);
          expect(page.body.items.map((item: { number: string }) => item.number)).toContain('WO-w4-marker');
        },
      },
      async () => (await figure('reactive-ratio')).counts,
    );
    expect(counts).toEqual({ reactive: 4, all: 6 });
    // The marker was handled; the redelivery was not (it wrote no second inbox row).
    expect(await inboxRows()).toBe(events.length + 1);
  });
});
