import { computeKpi, computeTrend, type KpiName } from './kpi-catalogue';
import type { KpiFilters } from './kpi-filters';
import { AS_OF, HISTORY, WEEK, at } from './week-history.fixture';

const figure = (kpi: KpiName, filters: KpiFilters = {}) => computeKpi(HISTORY, { kpi, period: WEEK, filters, asOf: AS_OF });

describe('downtime KPIs of the known week (expectations worked out by hand in the comments)', () => {
  it('MTTR: stop → restored of unplanned outages restored in the week, overlaps merged, counted whole', () => {
    // d5 20:00 Sun → 02:00 Mon = 6 h (begun before the week, restored in it);
    // d1 22:00 → 02:00 and d2 01:00 → 05:00 overlap: one outage 22:00 → 05:00 = 7 h (spans midnight);
    // d4 10:00 → 11:30 = 1.5 h; d6 still down; d3 is planned. (6 + 7 + 1.5) / 3.
    const mttr = figure('mttr');
    expect(mttr.counts).toEqual({ repairHours: 14.5, repairs: 3, stillDown: 1 });
    expect(mttr.value).toBeCloseTo(14.5 / 3, 10);
    expect(mttr.drillDown).toEqual({ workOrderIds: ['w1', 'w2', 'w4', 'w5'], downtimeIds: ['d1', 'd2', 'd4', 'd5'] });
    expect(mttr.formula).toContain('restored_at - stopped_at');
    expect(mttr.period).toEqual(WEEK);
  });

  it('availability: planned and unplanned apart, over each asset’s time in service', () => {
    // Service: A 168 h + B from Wednesday 120 h = 288 h. A down: 2 (d5 clipped) + 7 + 4 planned;
    // B down: 1.5 + 4 (d6 open until the week ends). Unplanned 14.5 h, planned 4 h.
    const availability = figure('availability');
    expect(availability.counts).toEqual({
      assets: 2,
      serviceHours: 288,
      uptimeHours: 269.5,
      plannedDowntimeHours: 4,
      unplannedDowntimeHours: 14.5,
      availabilityExcludingPlanned: 273.5 / 288,
    });
    expect(availability.value).toBeCloseTo(269.5 / 288, 12);
  });

  it('MTBF: operating hours ÷ unplanned outages that start in the week', () => {
    // Failures: the merged d1+d2, d4, d6 (d5 began the Sunday before). 269.5 / 3.
    const mtbf = figure('mtbf');
    expect(mtbf.counts).toEqual({ operatingHours: 269.5, failures: 3, assets: 2 });
    expect(mtbf.value).toBeCloseTo(269.5 / 3, 10);
  });

});

describe('work-order KPIs of the known week (expectations worked out by hand in the comments)', () => {
  it('MTTA: created in the week, mean time to first response', () => {
    // w1 30 min, w2 10 min, w4 60 min; w8 never responded. 100 min / 3.
    const mtta = figure('mtta');
    expect(mtta.counts).toEqual({ responseHours: 100 / 60, responded: 3, notResponded: 1 });
    expect(mtta.value).toBeCloseTo(100 / 60 / 3, 10);
    expect(mtta.drillDown.workOrderIds).toEqual(['w1', 'w2', 'w4']);
  });

  it('PM compliance: due + 20 % of the interval (at most 28 days); cancelled and in-grace apart', () => {
    // Due in the week: w3 on time, w11 on time (due Wed 08:00 + 1.4 d = Thu 17:36, done Thu 15:00),
    // w6 late (monthly: grace 6 d, done after), w12 missed, w7 pending (quarterly: 18 d grace), w13 cancelled.
    const compliance = figure('pm-compliance');
    expect(compliance.counts).toEqual({ onTime: 2, due: 4, late: 1, missed: 1, pendingInGrace: 1, cancelled: 1 });
    expect(compliance.value).toBe(0.5);
  });

  it('schedule compliance: done in the week of its planned start', () => {
    // Scheduled: w3 ✓, w11 ✓, w6 (done the next week) ✗, w9 ✗, w12 ✗; w8 cancelled is not counted.
    const compliance = figure('schedule-compliance');
    expect(compliance.counts).toEqual({ completedInScheduledWeek: 2, scheduled: 5 });
    expect(compliance.value).toBe(0.4);
  });

  it('planned maintenance percentage and reactive ratio of the work completed in the week', () => {
    // Completed: w1 240, w2 300, w3 240 (PM), w4 120 (reopened, completed again Saturday), w5 360, w11 90 (PM).
    const planned = figure('planned-maintenance-percentage');
    expect(planned.counts).toEqual({ plannedHours: 5.5, allHours: 22.5, workOrders: 6 });
    expect(planned.value).toBeCloseTo(330 / 1350, 12);
    const reactive = figure('reactive-ratio');
    expect(reactive.counts).toEqual({ reactive: 4, all: 6 });
    expect(reactive.value).toBeCloseTo(4 / 6, 12);
  });

  it('backlog at the end of the week: count and estimated hours by priority and age', () => {
    // Open on Monday 9th 00:00: w6 (13 d), w7 (7.75 d), w12 (10.75 d) medium; w9 low (48 d); w10 none (129 d).
    const backlog = figure('backlog');
    expect(backlog.value).toBe(5);
    // 13.5 h ÷ the default crew capacity of 160 h a week.
    expect(backlog.counts).toEqual({
      workOrders: 5,
      estimatedHours: 13.5,
      crewWeeks: 13.5 / 160,
      crewHoursPerWeek: 160,
      withoutEstimate: 0,
      at: '2026-03-09T00:00:00.000Z',
    });
    expect(backlog.breakdown).toEqual([
      { key: { priority: 'none', age: '90d+' }, counts: { workOrders: 1, estimatedHours: 1 } },
      { key: { priority: 'low', age: '30-90d' }, counts: { workOrders: 1, estimatedHours: 8 } },
      { key: { priority: 'medium', age: '7-30d' }, counts: { workOrders: 3, estimatedHours: 4.5 } },
    ]);
    expect(backlog.drillDown.workOrderIds).toEqual(['w10', 'w12', 'w6', 'w7', 'w9']);
  });

  it('overdue work at the end of the week, by priority', () => {
    const overdue = figure('overdue-work');
    expect(overdue.counts).toEqual({ overdue: 4, open: 5, at: '2026-03-09T00:00:00.000Z' });
    expect(overdue.breakdown).toEqual([
      { key: { priority: 'low' }, counts: { workOrders: 1 } },
      { key: { priority: 'medium' }, counts: { workOrders: 3 } },
    ]);
  });

  it('maintenance cost: labour, parts and other of the work completed in the week, by asset and location', () => {
    const cost = figure('maintenance-cost');
    expect(cost.counts).toEqual({ labour: '1085', parts: '108.25', other: '100', total: '1293.25', workOrders: 6 });
    expect(cost.value).toBe(1293.25);
    expect(cost.breakdown).toEqual([
      { key: { asset: 'A' }, counts: { labour: '910', parts: '108.25', other: '100', total: '1118.25', workOrders: 4 } },
      { key: { asset: 'B' }, counts: { labour: '175', parts: '0', other: '0', total: '175', workOrders: 2 } },
      { key: { location: 'L2' }, counts: { labour: '175', parts: '0', other: '0', total: '175', workOrders: 2 } },
      { key: { location: 'area1' }, counts: { labour: '910', parts: '108.25', other: '100', total: '1118.25', workOrders: 4 } },
    ]);
  });

  it('backlog in crew-weeks with the crew capacity the deployment configures', () => {
    const backlog = computeKpi(HISTORY, { kpi: 'backlog', period: WEEK, filters: {}, asOf: AS_OF, settings: { crewHoursPerWeek: 4.5 } });
    expect(backlog.counts).toMatchObject({ estimatedHours: 13.5, crewWeeks: 3, crewHoursPerWeek: 4.5 });
  });
});

describe('connection health and alert volume of the known week (expectations worked out by hand)', () => {
  it('connection health: hours in each state, reauthorizations and the time to reconnect', () => {
    // C1 168 h: connected 34 + 58 + 67.5, degraded 2, reauth 6.5. C2 from Wednesday 120 h: connected
    // 80, reauth 1 + 38 (until the week ends), paused 1. C3 until its deletion 96 h: reauth 2 (begun
    // Saturday), connected 94. Reauthorizations begun in the week: C1, C2. Reconnected in the week:
    // C1 after 6.5 h, C3 after 30 h (counted whole, like a repair); C2 still waits.
    const health = figure('connection-health');
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
    expect(health.breakdown).toEqual([
      { key: { connection: 'C1', system: 'maximo' }, counts: { connectedHours: 159.5, degradedHours: 2, reauthRequiredHours: 6.5, pausedHours: 0, reauthorizations: 1, reconnects: 1 } },
      { key: { connection: 'C2', system: 'sap' }, counts: { connectedHours: 80, degradedHours: 0, reauthRequiredHours: 39, pausedHours: 1, reauthorizations: 1, reconnects: 0 } },
      { key: { connection: 'C3', system: 'fiix' }, counts: { connectedHours: 94, degradedHours: 0, reauthRequiredHours: 2, pausedHours: 0, reauthorizations: 0, reconnects: 1 } },
    ]);
    expect(health.drillDown.connectionStateIds).toEqual(['i1', 'i2', 'i3', 'i4', 'i5', 'j1', 'j2', 'j3', 'j4', 'k2', 'k3']);
  });

  it('connection health counts time only up to now, and narrows to a system', () => {
    // As of Saturday 08:30 C2 has waited half an hour for reauthorization: nothing after counts yet.
    const early = computeKpi(HISTORY, { kpi: 'connection-health', period: WEEK, filters: { systems: ['sap'] }, asOf: at('2026-03-07T08:30') });
    expect(early.counts).toMatchObject({ connections: 1, connectedHours: 80, reauthRequiredHours: 0.5, pausedHours: 0, reauthorizations: 1, awaitingReauthorization: 1 });
  });

  it('a connection deleted while it waits for reauthorization is neither reconnected nor still waiting', () => {
    const deletedWaiting = [
      { intervalId: 'x1', connectionId: 'X', system: 'sap', state: 'connected' as const, reason: '', startedAt: at('2026-03-02T00:00'), endedAt: at('2026-03-03T00:00') },
      { intervalId: 'x2', connectionId: 'X', system: 'sap', state: 'reauth_required' as const, reason: '', startedAt: at('2026-03-03T00:00'), endedAt: at('2026-03-04T00:00') },
    ];
    const health = computeKpi({ ...HISTORY, connectionStates: deletedWaiting }, { kpi: 'connection-health', period: WEEK, filters: {}, asOf: AS_OF });
    expect(health.counts).toMatchObject({ connectedHours: 24, reauthRequiredHours: 24, reauthorizations: 1, reconnects: 0, awaitingReauthorization: 0 });
    // Asked while it still waited, it waits.
    const then = computeKpi({ ...HISTORY, connectionStates: deletedWaiting }, { kpi: 'connection-health', period: WEEK, filters: {}, asOf: at('2026-03-03T12:00') });
    expect(then.counts).toMatchObject({ awaitingReauthorization: 1, reauthRequiredHours: 12 });
  });

  it('alert volume: opened in the week, repeats by day, by type and severity', () => {
    // Opened: a1, a2, a3, a5 (a4 the Sunday before). Repeats: a1 2, a3 2 (the 9th is outside), a4 1.
    // Resolved in the week: a1, a2, a4; open at its end: a3 (resolved Tuesday), a5.
    const volume = figure('alert-volume');
    expect(volume.value).toBe(4);
    expect(volume.counts).toEqual({ opened: 4, repeats: 5, acknowledged: 1, resolved: 3, openAtEnd: 2, at: '2026-03-09T00:00:00.000Z' });
    expect(volume.breakdown).toEqual([
      { key: { type: 'connection.degraded', severity: 'warning' }, counts: { opened: 1, repeats: 0, resolved: 1 } },
      { key: { type: 'connection.reauth_required', severity: 'critical' }, counts: { opened: 2, repeats: 4, resolved: 1 } },
      { key: { type: 'part.below_reorder_point', severity: 'info' }, counts: { opened: 1, repeats: 0, resolved: 0 } },
      { key: { type: 'work_order.overdue', severity: 'warning' }, counts: { opened: 0, repeats: 1, resolved: 1 } },
    ]);
    expect(volume.drillDown.alertIds).toEqual(['a1', 'a2', 'a3', 'a5']);
    expect(figure('alert-volume', { severities: ['critical'] }).counts).toMatchObject({ opened: 2, repeats: 4, resolved: 1, openAtEnd: 1 });
  });

  it('alert volume by day: each alert on the day it was opened', () => {
    const series = computeTrend(HISTORY, { kpi: 'alert-volume', period: WEEK, filters: {}, asOf: AS_OF }, 'day');
    expect(series.map((point) => point.value)).toEqual([0, 1, 0, 1, 0, 1, 1]);
  });
});

describe('filters', () => {
  it('an asset category narrows downtime to its assets', () => {
    // Pump A only: MTTR (6 + 7) / 2; availability (168 − 13) / 168.
    expect(figure('mttr', { categories: ['pump'] }).counts).toEqual({ repairHours: 13, repairs: 2, stillDown: 0 });
    expect(figure('availability', { categories: ['pump'] }).value).toBeCloseTo(155 / 168, 12);
  });

  it('a location matches its whole subtree', () => {
    expect(figure('maintenance-cost', { locationId: 'L2' }).counts.total).toBe('175');
    expect(figure('maintenance-cost', { locationId: 'site' }).counts.total).toBe('1293.25');
  });

  it('a work type narrows downtime to the downtime of work orders of that type', () => {
    // Only d2 (emergency w2): 01:00 → 05:00.
    expect(figure('mttr', { workTypes: ['emergency'] }).counts).toEqual({ repairHours: 4, repairs: 1, stillDown: 0 });
  });

  it('work on no asset cannot match an asset filter', () => {
    expect(figure('backlog', { criticalities: ['low'] }).drillDown.workOrderIds).toEqual(['w10', 'w6']);
  });
});

describe('trends', () => {
  it('MTTR by day: each repair on the day it was restored', () => {
    const series = computeTrend(HISTORY, { kpi: 'mttr', period: WEEK, filters: {}, asOf: AS_OF }, 'day');
    expect(series.map((point) => point.value)).toEqual([6, 7, null, null, 1.5, null, null]);
    expect(series[1].period).toEqual({ from: at('2026-03-03T00:00'), to: at('2026-03-04T00:00') });
  });

  it('a month trend over part of a month is one bucket, cut to the period', () => {
    const series = computeTrend(HISTORY, { kpi: 'maintenance-cost', period: WEEK, filters: {}, asOf: AS_OF }, 'month');
    expect(series).toHaveLength(1);
    expect(series[0].period).toEqual(WEEK);
    expect(series[0].counts.total).toBe('1293.25');
  });

  it('backlog by day is counted at the end of each day', () => {
    const series = computeTrend(HISTORY, { kpi: 'backlog', period: WEEK, filters: {}, asOf: AS_OF }, 'day');
    // End of Mon 2nd: the five open at the week's end, w1 (created 22:05, done Tue), w3 and w11
    // (done Thu) and w13 (cancelled Thu) = 9; w5 was done at 02:30.
    expect(series[0].value).toBe(9);
    expect(series[6].value).toBe(5);
  });
});
