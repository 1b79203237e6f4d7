import type { AlertMessage } from '../alert-message';

/** An alert for tests: a connection that needs new credentials. */
export function sampleAlert(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    alertId: '0193a1f2-0000-7000-8000-000000000001',
    tenantId: '0193a1f2-0000-7000-8000-0000000000aa',
    type: 'connection.reauth_required',
    severity: 'critical',
    status: 'open',
    title: 'Maximo production needs new credentials',
    summary: 'The system refused the credentials: reconnect the connection.',
    subject: { kind: 'connection', id: '0193a1f2-0000-7000-8000-0000000000cc', name: 'Maximo production' },
    occurrenceCount: 1,
    firstSeenAt: new Date('2026-12-04T08:00:00Z'),
    lastSeenAt: new Date('2026-12-04T08:00:00Z'),
    eventIds: ['0193a1f2-0000-7000-8000-0000000000ee'],
    notification: 'alert.opened',
    ...overrides,
  };
}
