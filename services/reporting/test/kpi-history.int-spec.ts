import { randomUUID } from 'node:crypto';
import { startEventConsumer } from '@mate/messaging';
import { createTestingApp, loadServiceConfig, prepareDatabase, signDevelopmentToken, throwingConfigReporter } from '@mate/service-kit';
import { countAfterMarker, expectEventually, recreateDatabase, testDatabaseServerUrl, testKafkaBrokers } from '@mate/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AlertOpenedSchema, AlertSeverity, ConnectionAuthFailedSchema, WorkOrderStatus, WorkOrderStatusChangedSchema, WorkOrderUpdatedSchema } from '@mate/contracts';
import { ReportingAppModule } from '../src/app.module';
import { REPORTING_CONFIG_SPEC, REPORTING_SERVICE, type ReportingConfig } from '../src/config/reporting.config';
import { REPORTING_MIGRATIONS } from '../src/database/migrations';
import { KPI_NAMES } from '../src/kpis';
import { ALERT_HISTORY, HISTORY, at } from '../src/kpis/week-history.fixture';
import { rebuildProjections } from '../src/rebuild';
import { alertEventsOf, connectionEventsOf, eventsOf, HistoryPublisher, Ids, type HistoryEvent, type HistoryTopics } from './history-events';

const WEEK = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

/**
 * A known week of maintenance sent as real events through the broker (repairs spanning midnight,
 * overlapping downtime of one asset, a reopened and two cancelled work orders, PM done in grace and
 * beyond it, parts, labour and other costs, connections needing reauthorization and reconnecting,
 * their alerts); every KPI the API answers is compared with the figure
 * worked out by hand (the same week as src/kpis/kpi-catalogue.spec.ts, judged now instead of on
 * 12 March: the quarterly PM's grace has passed, so it is missed rather than pending); a redelivered
 * event changes nothing, and a rebuild from the topics gives the same figures.
 */
describe('reporting KPIs from a known history of events (PostgreSQL, Kafka)', () => {
  const tenant = randomUUID();
  const suffix = `${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`;
  const topics: HistoryTopics = {
    workOrders: `test.rep.wo.${suffix}`,
    assets: `test.rep.assets.${suffix}`,
    pmScheduling: `test.rep.pm.${suffix}`,
    connectors: `test.rep.conn.${suffix}`,
    notifications: `test.rep.notif.${suffix}`,
  };
  const ids = new Ids();
  const events = [
    ...eventsOf(HISTORY, ids, { reopenedAt: new Map([['w4', at('2026-03-06T11:30')]]) }),
    ...connectionEventsOf(HISTORY.connectionStates, ids),
    ...alertEventsOf(ALERT_HISTORY, ids),
  ];
  /** Ignored types (ConnectionAuthFailed) leave no inbox row. */
  const handledEvents = events.filter((event) => event.schema !== ConnectionAuthFailedSchema).length;
  const publisher = new HistoryPublisher(topics, tenant);
  const sentIds: string[] = [];
  let config: ReportingConfig;
  let app: INestApplication;
  let authorization: string;

  /** Events handled (or skipped as duplicates: they write no second row) by the consumer group. */
  const inboxRows = async (): Promise<number> => (await app.get(DataSource).query<{ n: number }[]>('select count(*)::int as n from mate_inbox'))[0]?.n ?? 0;

  const figure = async (kpi: string, extra = '') => {
    const response = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/${kpi}?${WEEK}${extra}`).set('Authorization', authorization).expect(200);
    return response.body.figure as {
      value: number | null;
      counts: Record<string, unknown>;
      breakdown?: { key: Record<string, string>; counts: Record<string, unknown> }[];
      drillDown: { workOrderIds: string[]; downtimeIds: string[]; connectionStateIds?: string[]; alertIds?: string[] };
    };
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
    for (const event of events) {
      sentIds.push(await publisher.publish(event));
      if (event.label) ids.set(event.label, sentIds[sentIds.length - 1] as string);
    }
    await expectEventually(
      async () => expect(await inboxRows()).toBe(handledEvents),
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
    // A 168 h + B from Wednesday 120 h; down: A 2 + 7 unplanned and 4 planned, B 1.5 + 4 (d6 open to the week's end).
    expect(availability.counts).toEqual({
      assets: 2,
      serviceHours: 288,
      uptimeHours: 269.5,
      plannedDowntimeHours: 4,
      unplannedDowntimeHours: 14.5,
      availabilityExcludingPlanned: 273.5 / 288,
    });
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
    // Crew-weeks with the default capacity of 160 h a week.
    expect(backlog.counts).toEqual({ workOrders: 5, estimatedHours: 13.5, crewWeeks: 13.5 / 160, crewHoursPerWeek: 160, withoutEstimate: 0, at: '2026-03-09T00:00:00.000Z' });
    expect(labels(backlog.drillDown.workOrderIds)).toEqual(['w10', 'w12', 'w6', 'w7', 'w9']);
    expect((await figure('overdue-work')).counts).toEqual({ overdue: 4, open: 5, at: '2026-03-09T00:00:00.000Z' });
    const cost = await figure('maintenance-cost');
    expect(cost.counts).toEqual({ labour: '1085', parts: '108.25', other: '100', total: '1293.25', workOrders: 6 });
    expect((await figure('maintenance-cost', `&locationId=${ids.of('L2')}`)).counts).toMatchObject({ total: '175', workOrders: 2 });
  });

  it('connection health: hours in each state, reauthorizations and the time to reconnect, per connection', async () => {
    // As in the unit spec: C1 168 h (reauth over midnight, 6.5 h), C2 120 h (reauth Saturday with a
    // pause inside, still waiting), C3 96 h until deleted (reauth begun before the week, 30 h).
    const health = await figure('connection-health');
    expect(health.counts).toEqual({
      connections: 3,
      connectedHours: 333.5,
      degradedHours: 2,
      reauthRequiredHours: 47.5,
      pausedHours: 1,
      reauthorizations: 2,
      reconnects: 2,
      reconnectHours: 36.5,
      meanTimeToReconnectHours: 18.25,
      awaitingReauthorization: 1,
    });
    expect(health.value).toBeCloseTo(333.5 / 384, 12);
    const rows = (health.breakdown ?? []).map((row) => [ids.labelOf(row.key['connection'] ?? ''), row.counts['reauthRequiredHours'], row.counts['reconnects']]);
    expect(rows.sort()).toEqual([['C1', 6.5, 1], ['C2', 39, 0], ['C3', 2, 1]]);
    expect(labels(health.drillDown.connectionStateIds ?? [])).toEqual(['i1', 'i2', 'i3', 'i4', 'i5', 'j1', 'j2', 'j3', 'j4', 'k2', 'k3']);
    expect((await figure('connection-health', '&systems=sap')).counts).toMatchObject({ connections: 1, reauthRequiredHours: 39, pausedHours: 1 });
    const page = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/connection-health/connection-states?${WEEK}&systems=fiix`).set('Authorization', authorization).expect(200);
    const states = page.body.items.map((item: { state: string; startedAt: string; endedAt: string }) => `${item.startedAt} ${item.state} ${item.endedAt}`).sort();
    expect(states).toEqual(['2026-02-28T20:00:00.000Z reauth_required 2026-03-02T02:00:00.000Z', '2026-03-02T02:00:00.000Z connected 2026-03-06T00:00:00.000Z']);
  });

  it('alert volume: opened, repeats by day, acknowledged, resolved, by type and severity', async () => {
    const volume = await figure('alert-volume');
    expect(volume.counts).toEqual({ opened: 4, repeats: 5, acknowledged: 1, resolved: 3, openAtEnd: 2, at: '2026-03-09T00:00:00.000Z' });
    expect(volume.breakdown).toEqual([
      { key: { type: 'connection.degraded', severity: 'warning' }, counts: { opened: 1, repeats: 0, resolved: 1 } },
      { key: { type: 'connection.reauth_required', severity: 'critical' }, counts: { opened: 2, repeats: 4, resolved: 1 } },
      { key: { type: 'part.below_reorder_point', severity: 'info' }, counts: { opened: 1, repeats: 0, resolved: 0 } },
      { key: { type: 'work_order.overdue', severity: 'warning' }, counts: { opened: 0, repeats: 1, resolved: 1 } },
    ]);
    expect(labels(volume.drillDown.alertIds ?? [])).toEqual(['a1', 'a2', 'a3', 'a5']);
    const critical = await request(app.getHttpServer()).get(`/api/v1/reports/kpis/alert-volume/alerts?${WEEK}&severities=critical&format=csv`).set('Authorization', authorization).expect(200);
    expect(critical.text.trim().split('\n')).toHaveLength(3);
    expect(critical.text).toContain(`${ids.of('a1')},connection.reauth_required,critical,connection,${ids.of('C1')},2026-03-05T22:01:00.000Z,2026-03-05T22:20:00.000Z,2026-03-06T04:31:00.000Z,2`);
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
    await bad(`/api/v1/reports/kpis/connection-health?${WEEK}&locationId=${ids.of('L2')}`, 'locationId');
    await bad(`/api/v1/reports/kpis/mttr?${WEEK}&severities=critical`, 'severities');
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
    expect(await inboxRows()).toBe(handledEvents + 1);
  });

  it('a rebuild from the topics gives the same figures, while reads keep answering from the old generation', async () => {
    const everyFigure = async () => Object.fromEntries(await Promise.all(KPI_NAMES.map(async (kpi) => [kpi, await figure(kpi)])));
    const before = await everyFigure();
    const progress: string[] = [];
    let finished = false;
    const rebuild = rebuildProjections({ config, topics, pollMs: 200, onProgress: (line) => progress.push(line) }).finally(() => {
      finished = true;
    });
    const readsMeanwhile: unknown[] = [];
    while (!finished) readsMeanwhile.push((await figure('connection-health')).counts);
    expect(await rebuild).toMatchObject({ generation: 2, retired: 1 });
    expect(readsMeanwhile.length).toBeGreaterThan(0);
    for (const counts of readsMeanwhile) expect(counts).toEqual(before['connection-health']?.counts);
    // The last measurement: every event and partition replayed, up to the high-water marks.
    expect(progress[progress.length - 1]).toMatch(/^generation 2: (\d+)\/\1 events, (\d+)\/\2 partitions at their high-water mark$/);
    expect(await everyFigure()).toEqual(before);
    const schemas = await app.get(DataSource).query<{ nspname: string }[]>(`select nspname from pg_namespace where nspname like 'reporting\\_g%' order by 1`);
    expect(schemas).toEqual([{ nspname: 'reporting_g2' }]);
    // The live consumer carries on in the new generation.
    const opened = { alertId: ids.of('a6'), type: 'part.below_reorder_point', severity: AlertSeverity.INFO, openedAt: timestampFromDate(new Date(at('2026-03-08T19:00'))) };
    await publisher.publish({ topic: 'notifications', schema: AlertOpenedSchema, message: opened, subject: opened.alertId });
    await expectEventually(async () => expect((await figure('alert-volume')).counts).toMatchObject({ opened: 5, openAtEnd: 3 }), { timeoutMs: 20_000 });
  }, 90_000);
});
