import { escalationDue, nextEscalation, type EscalationState } from './escalation';

const policy = { afterMinutes: 15, maxEscalations: 2, levels: ['supervisors', 'managers'] };
const opened = new Date('2026-12-04T08:00:00Z');
const alert = (overrides: Partial<EscalationState> = {}): EscalationState => ({ severity: 'critical', status: 'open', escalationLevel: 0, openedAt: opened, ...overrides });

describe('escalation', () => {
  it('escalates an open critical alert every N minutes to the next list, at most M times', () => {
    expect(nextEscalation(alert(), policy)).toEqual({ level: 1, recipientListId: 'supervisors', dueAt: new Date('2026-12-04T08:15:00Z') });
    expect(nextEscalation(alert({ escalationLevel: 1 }), policy)).toEqual({ level: 2, recipientListId: 'managers', dueAt: new Date('2026-12-04T08:30:00Z') });
    expect(nextEscalation(alert({ escalationLevel: 2 }), policy)).toBeNull();
  });

  it('past the last list, the last list is told again', () => {
    expect(nextEscalation(alert({ escalationLevel: 1 }), { ...policy, levels: ['only'], maxEscalations: 3 })?.recipientListId).toBe('only');
  });

  it('never escalates an acknowledged, muted, resolved or non-critical alert', () => {
    for (const status of ['acknowledged', 'muted', 'resolved'] as const) expect(nextEscalation(alert({ status }), policy)).toBeNull();
    expect(nextEscalation(alert({ severity: 'warning' }), policy)).toBeNull();
  });

  it('a timer is due only at its time, for its level, on the alert as it is then', () => {
    const at = new Date('2026-12-04T08:15:00Z');
    expect(escalationDue(alert(), policy, 1, new Date('2026-12-04T08:14:59Z'))).toBeNull();
    expect(escalationDue(alert(), policy, 1, at)?.level).toBe(1);
    expect(escalationDue(alert({ escalationLevel: 1 }), policy, 1, at)).toBeNull(); // another replica did it
    expect(escalationDue(alert({ status: 'acknowledged' }), policy, 1, at)).toBeNull();
  });
});
