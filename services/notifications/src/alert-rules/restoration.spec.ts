import { alertsResolvedBy, type ResolvableAlert } from './restoration';

const alert = (id: string, type: string, status: ResolvableAlert['status'], connectionId = 'c1'): ResolvableAlert => ({
  id,
  type,
  status,
  subject: { kind: 'connection', id: connectionId },
});

describe('alertsResolvedBy', () => {
  it('a restored connection resolves its reauth and degraded alerts, acknowledged or muted too', () => {
    const alerts = [
      alert('a1', 'connection.reauth_required', 'open'),
      alert('a2', 'connection.degraded', 'acknowledged'),
      alert('a3', 'connection.degraded', 'muted'),
      alert('a4', 'connection.reauth_required', 'resolved'),
      alert('a5', 'connection.reauth_required', 'open', 'other-connection'),
      alert('a6', 'work_order.overdue', 'open'),
    ];
    const resolved = alertsResolvedBy({ type: 'connection.restored', subject: { kind: 'connection', id: 'c1' } }, alerts);
    expect(resolved.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('other alert types resolve nothing', () => {
    expect(alertsResolvedBy({ type: 'connection.degraded', subject: { kind: 'connection', id: 'c1' } }, [alert('a1', 'connection.reauth_required', 'open')])).toEqual([]);
  });

  it('finished work resolves its assigned and overdue alerts; stock back resolves the shortage', () => {
    const workOrder = { kind: 'work_order' as const, id: 'w1' };
    const alerts: ResolvableAlert[] = [
      { id: 'a1', type: 'work_order.assigned', status: 'open', subject: workOrder },
      { id: 'a2', type: 'work_order.overdue', status: 'acknowledged', subject: workOrder },
      { id: 'a3', type: 'part.below_reorder_point', status: 'open', subject: { kind: 'part', id: 'p1' } },
    ];
    expect(alertsResolvedBy({ type: 'work_order.completed', subject: workOrder }, alerts).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(alertsResolvedBy({ type: 'work_order.unassigned', subject: workOrder }, alerts).map((a) => a.id)).toEqual(['a1']);
    expect(alertsResolvedBy({ type: 'part.restocked', subject: { kind: 'part', id: 'p1' } }, alerts).map((a) => a.id)).toEqual(['a3']);
  });
});
