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
});
