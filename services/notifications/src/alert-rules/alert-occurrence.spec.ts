import { applyOccurrence, dedupeKey, MAX_EVENT_IDS, personalScope, type AlertOccurrence, type AlertState } from './alert-occurrence';

const occurrence = (eventId: string, at: string): AlertOccurrence => ({
  tenantId: 't1',
  type: 'connection.reauth_required',
  severity: 'critical',
  subject: { kind: 'connection', id: 'c1' },
  eventId,
  occurredAt: new Date(at),
});

describe('alert occurrences', () => {
  it('one key per type and subject', () => {
    expect(dedupeKey(occurrence('e1', '2026-12-04T08:00:00Z'))).toBe('connection.reauth_required:connection:c1');
  });

  it('a scope splits one subject’s alerts: one per assignee, one per storeroom', () => {
    const assigned = { type: 'work_order.assigned', subject: { kind: 'work_order' as const, id: 'w1' } };
    expect(dedupeKey({ ...assigned, scope: personalScope('tech-a') })).toBe('work_order.assigned:work_order:w1:user:tech-a');
    expect(dedupeKey({ ...assigned, scope: personalScope('tech-b') })).not.toBe(dedupeKey({ ...assigned, scope: personalScope('tech-a') }));
    expect(dedupeKey({ ...assigned, scope: '' })).toBe('work_order.assigned:work_order:w1');
  });

  it('the first occurrence opens an alert', () => {
    expect(applyOccurrence(null, occurrence('e1', '2026-12-04T08:00:00Z'))).toEqual({
      action: 'open',
      alert: { status: 'open', occurrenceCount: 1, firstSeenAt: new Date('2026-12-04T08:00:00Z'), lastSeenAt: new Date('2026-12-04T08:00:00Z'), eventIds: ['e1'] },
    });
  });

  it('twenty repeats update the one alert: count and last seen, never a new opening', () => {
    let state: AlertState = applyOccurrence(null, occurrence('e0', '2026-12-04T08:00:00Z')).alert;
    for (let i = 1; i <= 20; i += 1) {
      const decision = applyOccurrence(state, occurrence(`e${i}`, `2026-12-04T08:${String(i).padStart(2, '0')}:00Z`));
      expect(decision.action).toBe('update');
      state = decision.alert;
    }
    expect(state.occurrenceCount).toBe(21);
    expect(state.lastSeenAt).toEqual(new Date('2026-12-04T08:20:00Z'));
    expect(state.eventIds).toHaveLength(MAX_EVENT_IDS);
    expect(state.eventIds[0]).toBe('e0');
    expect(state.eventIds.at(-1)).toBe('e20');
  });

  it('an acknowledged or muted alert keeps its status while counting; a late event does not move last seen back', () => {
    const open = applyOccurrence(null, occurrence('e1', '2026-12-04T08:10:00Z')).alert;
    for (const status of ['acknowledged', 'muted'] as const) {
      const decision = applyOccurrence({ ...open, status }, occurrence('e0', '2026-12-04T08:00:00Z'));
      expect(decision).toMatchObject({ action: 'update', alert: { status, occurrenceCount: 2, lastSeenAt: open.lastSeenAt } });
    }
  });

  it('after a resolution the next failure opens a new alert', () => {
    const resolved: AlertState = { ...applyOccurrence(null, occurrence('e1', '2026-12-04T08:00:00Z')).alert, status: 'resolved' };
    expect(applyOccurrence(resolved, occurrence('e2', '2026-12-04T09:00:00Z')).action).toBe('open');
  });
});
