import { nextDigestAt, planDeliveries, type RoutingRule } from './delivery-routing';
import { quietHoursEnd } from './quiet-hours';

const rule = (overrides: Partial<RoutingRule>): RoutingRule => ({
  id: 'r1',
  alertTypes: [],
  minSeverity: 'info',
  targets: [{ channel: 'webhook', targetId: 'w1' }],
  quietHours: null,
  digest: false,
  enabled: true,
  ...overrides,
});

// 23:30 in Berlin (UTC+1 in December).
const lateEvening = new Date('2026-12-04T22:30:00Z');
const nightQuiet = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };

describe('delivery routing', () => {
  it('routes by type and minimum severity', () => {
    const rules = [
      rule({ id: 'critical-only', minSeverity: 'critical', targets: [{ channel: 'email', targetId: 'oncall' }] }),
      rule({ id: 'connections', alertTypes: ['connection.degraded'], targets: [{ channel: 'slack', targetId: 's1' }] }),
      rule({ id: 'off', enabled: false, targets: [{ channel: 'teams', targetId: 't1' }] }),
    ];
    const now = new Date('2026-12-04T10:00:00Z');
    expect(planDeliveries({ type: 'connection.degraded', severity: 'warning' }, rules, now).map((d) => d.ruleId)).toEqual(['connections']);
    expect(planDeliveries({ type: 'connection.reauth_required', severity: 'critical' }, rules, now).map((d) => d.ruleId)).toEqual(['critical-only']);
  });

  it('one delivery per target when two rules name it', () => {
    const rules = [rule({ id: 'a' }), rule({ id: 'b' })];
    expect(planDeliveries({ type: 'work_order.assigned', severity: 'info' }, rules, lateEvening)).toHaveLength(1);
  });

  it('defers a warning to the end of quiet hours; a critical alert overrides them', () => {
    const rules = [rule({ quietHours: nightQuiet })];
    expect(planDeliveries({ type: 'connection.degraded', severity: 'warning' }, rules, lateEvening)).toEqual([
      { ruleId: 'r1', channel: 'webhook', targetId: 'w1', mode: 'after_quiet_hours', sendAt: new Date('2026-12-05T06:00:00Z') },
    ]);
    expect(planDeliveries({ type: 'connection.reauth_required', severity: 'critical' }, rules, lateEvening)[0]).toMatchObject({ mode: 'now', sendAt: lateEvening });
  });

  it('collects low severities into the digest of the window, never a critical one', () => {
    const rules = [rule({ digest: true, targets: [{ channel: 'email', targetId: 'list' }] })];
    const now = new Date('2026-12-04T10:17:00Z');
    expect(planDeliveries({ type: 'work_order.assigned', severity: 'info' }, rules, now)[0]).toMatchObject({ mode: 'digest', sendAt: new Date('2026-12-04T11:00:00Z') });
    expect(planDeliveries({ type: 'work_order.assigned', severity: 'info' }, rules, now, 15 * 60)[0]).toMatchObject({ sendAt: new Date('2026-12-04T10:30:00Z') });
    expect(planDeliveries({ type: 'connection.reauth_required', severity: 'critical' }, rules, now)[0].mode).toBe('now');
  });

  it('a digest rule collects for e-mail and chat; its webhook targets still get one payload per alert', () => {
    const targets = [
      { channel: 'email' as const, targetId: 'list' },
      { channel: 'slack' as const, targetId: 's1' },
      { channel: 'teams' as const, targetId: 't1' },
      { channel: 'webhook' as const, targetId: 'w1' },
    ];
    const now = new Date('2026-12-04T10:17:00Z');
    const planned = planDeliveries({ type: 'work_order.assigned', severity: 'info' }, [rule({ digest: true, targets })], now);
    expect(planned.map((d) => [d.channel, d.mode])).toEqual([['email', 'digest'], ['slack', 'digest'], ['teams', 'digest'], ['webhook', 'now']]);
  });

  it('a digest due in quiet hours waits for their end', () => {
    const rules = [rule({ digest: true, quietHours: nightQuiet, targets: [{ channel: 'email', targetId: 'list' }] })];
    expect(planDeliveries({ type: 'work_order.assigned', severity: 'info' }, rules, lateEvening)[0]).toMatchObject({ mode: 'digest', sendAt: new Date('2026-12-05T06:00:00Z') });
  });

  it('quiet hours: outside the window nothing waits; a window within one day works too', () => {
    expect(quietHoursEnd(nightQuiet, new Date('2026-12-04T12:00:00Z'))).toBeNull();
    expect(quietHoursEnd({ start: '12:00', end: '13:30', timeZone: 'UTC' }, new Date('2026-12-04T12:15:00Z'))).toEqual(new Date('2026-12-04T13:30:00Z'));
    expect(nextDigestAt(new Date('2026-12-04T10:00:00Z'))).toEqual(new Date('2026-12-04T11:00:00Z'));
  });
});
