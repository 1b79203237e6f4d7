import type { RoutingRule } from './delivery-routing';
import { planDeliveries } from './delivery-routing';
import { channelsFor, earliestPerTarget, kindsOutOfInbox, planPersonDeliveries, type PersonContact, type PersonRecipient, type RoutedAlert } from './person-routing';

const now = new Date('2026-12-04T10:00:00Z'); // 11:00 in Berlin
const rule = (overrides: Partial<RoutingRule & { recipients: PersonRecipient[] }>): RoutingRule & { recipients: PersonRecipient[] } => ({
  id: 'r1',
  alertTypes: [],
  minSeverity: 'info',
  targets: [],
  recipients: [],
  quietHours: null,
  digest: false,
  enabled: true,
  locationId: null,
  ...overrides,
});
const contact = (overrides: Partial<PersonContact>): PersonContact => ({
  id: 'c1',
  userId: 'u1',
  email: 'u1@example.test',
  roles: ['technician'],
  homeLocationId: null,
  chatEndpoint: null,
  channelPreferences: [],
  quietHours: null,
  digestOptOut: false,
  ...overrides,
});
const alert = (overrides: Partial<RoutedAlert> = {}): RoutedAlert => ({ type: 'work_order.overdue', severity: 'warning', locationPath: null, recipientUserId: null, ...overrides });

describe('person routing', () => {
  it('a user recipient gets e-mail and their chat endpoint; a role reaches the contacts holding it', () => {
    const contacts = [
      contact({ id: 'c1', userId: 'u1', roles: [], chatEndpoint: { id: 's1', kind: 'slack' } }),
      contact({ id: 'c2', userId: 'u2', roles: ['planner'] }),
      contact({ id: 'c3', userId: 'u3', roles: ['technician'] }),
    ];
    const planned = planPersonDeliveries(alert(), [rule({ recipients: [{ userId: 'u1' }, { role: 'planner' }] })], contacts, now);
    expect(planned.map((d) => `${d.channel}:${d.targetId}`).sort()).toEqual(['email:c1', 'email:c2', 'slack:s1']);
  });

  it('a channel the person opted out of for the type or severity gets nothing; the first matching line decides', () => {
    const optedOut = contact({ channelPreferences: [{ alertTypes: ['work_order.overdue'], minSeverity: 'info', channels: ['in_app'] }] });
    expect(planPersonDeliveries(alert(), [rule({ recipients: [{ userId: 'u1' }] })], [optedOut], now)).toEqual([]);
    const criticalOnly = contact({ channelPreferences: [{ alertTypes: [], minSeverity: 'critical', channels: ['email'] }, { alertTypes: [], minSeverity: 'info', channels: [] }] });
    expect(channelsFor(criticalOnly, { type: 'x', severity: 'critical' })).toEqual(['email']);
    expect(channelsFor(criticalOnly, { type: 'x', severity: 'warning' })).toEqual([]);
  });

  it('the kinds a person sends to other channels only are kept out of their inbox; no line matching: everything shown', () => {
    const emailOnlyBelowCritical = contact({
      channelPreferences: [
        { alertTypes: ['work_order.assigned'], minSeverity: 'info', channels: ['in_app', 'email'] },
        { alertTypes: [], minSeverity: 'critical', channels: ['in_app', 'email'] },
        { alertTypes: ['connection.degraded', 'connection.restored'], minSeverity: 'info', channels: ['email'] },
      ],
    });
    expect(kindsOutOfInbox(emailOnlyBelowCritical)).toEqual([
      { type: 'connection.degraded', severity: 'info' },
      { type: 'connection.degraded', severity: 'warning' },
      { type: 'connection.restored', severity: 'info' },
      { type: 'connection.restored', severity: 'warning' },
    ]);
    expect(kindsOutOfInbox(contact({}))).toEqual([]);
  });

  it("their own quiet hours defer non-critical alerts; critical ones go now", () => {
    const sleeping = contact({ quietHours: { start: '10:30', end: '12:00', timeZone: 'Europe/Berlin' } });
    const [deferred] = planPersonDeliveries(alert(), [rule({ recipients: [{ userId: 'u1' }] })], [sleeping], now);
    expect(deferred).toMatchObject({ mode: 'after_quiet_hours', sendAt: new Date('2026-12-04T11:00:00Z') });
    const [critical] = planPersonDeliveries(alert({ severity: 'critical' }), [rule({ recipients: [{ userId: 'u1' }] })], [sleeping], now);
    expect(critical).toMatchObject({ mode: 'now', sendAt: now });
  });

  it('a digest rule collects for a person unless they opted out of digests', () => {
    const digestRule = rule({ digest: true, recipients: [{ userId: 'u1' }] });
    expect(planPersonDeliveries(alert(), [digestRule], [contact({})], now)).toEqual([expect.objectContaining({ mode: 'digest' })]);
    expect(planPersonDeliveries(alert(), [digestRule], [contact({ digestOptOut: true })], now)).toEqual([]);
  });

  it('a role reaches contacts whose home location is above the alert (or who have none), not those elsewhere', () => {
    const contacts = [contact({ id: 'site', userId: 'a', homeLocationId: 'site-1' }), contact({ id: 'other', userId: 'b', homeLocationId: 'site-2' }), contact({ id: 'all', userId: 'c' })];
    const planned = planPersonDeliveries(alert({ locationPath: ['cell', 'line', 'site-1'] }), [rule({ recipients: [{ role: 'technician' }] })], contacts, now);
    expect(planned.map((d) => d.targetId).sort()).toEqual(['all', 'site']);
  });

  it('the person a personal alert is for hears of it on their channels', () => {
    expect(planPersonDeliveries(alert({ recipientUserId: 'u1' }), [], [contact({})], now)).toEqual([expect.objectContaining({ channel: 'email', targetId: 'c1' })]);
  });

  it('a rule filtered to a location matches alerts at it or below it only; one without a known location does not', () => {
    const site = rule({ locationId: 'site-1', targets: [{ channel: 'webhook', targetId: 'w1' }] });
    expect(planDeliveries(alert({ locationPath: ['cell', 'site-1'] }), [site], now)).toHaveLength(1);
    expect(planDeliveries(alert({ locationPath: ['site-1'] }), [site], now)).toHaveLength(1);
    expect(planDeliveries(alert({ locationPath: ['cell', 'site-2'] }), [site], now)).toHaveLength(0);
    expect(planDeliveries(alert({ locationPath: null }), [site], now)).toHaveLength(0);
  });

  it('a target named by a rule and a person gets one delivery, the earliest', () => {
    const later = { ruleId: 'a', channel: 'slack' as const, targetId: 's1', mode: 'after_quiet_hours' as const, sendAt: new Date(now.getTime() + 60_000) };
    const sooner = { ...later, ruleId: 'b', mode: 'now' as const, sendAt: now };
    expect(earliestPerTarget([later, sooner])).toEqual([sooner]);
  });
});
