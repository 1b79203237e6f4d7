import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ConnectionAuthFailedSchema, ConnectionDegradedSchema, ConnectionReauthRequiredSchema } from '@mate/contracts';
import type { CloudEventEnvelope } from '@mate/messaging';
import { dedupeKey } from '../alert-rules';
import { authFailedRepeat, connectionRecovery, degradedAlert, reauthRequiredAlert } from './connection-alerts';

const connectionId = '0190d7a4-9a3e-7c2b-8f00-1234567890ab';
const envelope = (id: string): CloudEventEnvelope => ({
  id,
  source: '/mate/connectors',
  type: 'x',
  time: '2026-12-04T10:00:00Z',
  subject: connectionId,
  tenantId: 'tenant-1',
});
const at = new Date('2026-12-04T09:59:58Z');

describe('connection events as alert occurrences', () => {
  it('ConnectionReauthRequired: the critical alert of the connection, named as the tenant named it, with the reconnect path', () => {
    const event = create(ConnectionReauthRequiredSchema, {
      connectionId,
      system: 'maximo',
      displayName: 'Plant Maximo',
      reason: 'the system refused the credentials (auth_invalid)',
      reauthorizePath: `/api/v1/connections/${connectionId}/reauthorize`,
      occurredAt: timestampFromDate(at),
    });
    const alert = reauthRequiredAlert(event, envelope('e-1'));
    expect(alert).toMatchObject({
      tenantId: 'tenant-1',
      type: 'connection.reauth_required',
      severity: 'critical',
      subject: { kind: 'connection', id: connectionId },
      eventId: 'e-1',
      occurredAt: at,
      title: 'Plant Maximo needs new credentials',
      subjectName: 'Plant Maximo',
    });
    expect(alert.summary).toContain(`POST /api/v1/connections/${connectionId}/reauthorize`);
  });

  it('ConnectionAuthFailed: a repeat with the same deduplication key as the reauthorization alert', () => {
    const reauth = reauthRequiredAlert(create(ConnectionReauthRequiredSchema, { connectionId, system: 'sap' }), envelope('e-1'));
    const repeat = authFailedRepeat(create(ConnectionAuthFailedSchema, { connectionId, system: 'sap' }), envelope('e-2'));
    expect(dedupeKey(repeat)).toBe(dedupeKey(reauth));
    expect(repeat).toMatchObject({ eventId: 'e-2', occurredAt: new Date('2026-12-04T10:00:00Z') }); // no time in the event: the envelope's
    expect(reauth.title).toBe('SAP S/4HANA PM needs new credentials'); // no display name: the system's
  });

  it('ConnectionDegraded: a warning alert of its own key', () => {
    const degraded = degradedAlert(create(ConnectionDegradedSchema, { connectionId, system: 'fiix', reason: '3 transient failures within 300 s' }), envelope('e-3'));
    expect(degraded).toMatchObject({ type: 'connection.degraded', severity: 'warning', title: 'Fiix connection is degraded' });
    expect(dedupeKey(degraded)).not.toBe(dedupeKey(authFailedRepeat(create(ConnectionAuthFailedSchema, { connectionId }), envelope('e-4'))));
  });

  it('ConnectionRestored and ConnectionDeleted: recoveries of the connection', () => {
    expect(connectionRecovery('connection.restored', connectionId, timestampFromDate(at), envelope('e-5'))).toEqual({
      tenantId: 'tenant-1',
      type: 'connection.restored',
      subject: { kind: 'connection', id: connectionId },
      eventId: 'e-5',
      occurredAt: at,
    });
  });
});
