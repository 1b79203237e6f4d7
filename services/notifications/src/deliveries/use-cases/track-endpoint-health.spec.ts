import type { EventOutbox } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import type { RecordAlertOccurrence } from '../../alerts';
import type { NotificationsConfig } from '../../config/notifications.config';
import type { EndpointRepository, WebhookEndpoint } from '../../endpoints';
import { TrackEndpointHealth } from './track-endpoint-health';

const manager = {} as EntityManager;
const at = new Date('2026-12-04T21:00:00Z');

function tracker(endpoint: Partial<WebhookEndpoint>) {
  const reads: boolean[] = [];
  const saved: Array<Partial<WebhookEndpoint>> = [];
  const endpoints = {
    findEndpoint: async (_m: EntityManager, _t: string, _id: string, { forUpdate = false } = {}) => {
      reads.push(forUpdate);
      return { id: 'e1', kind: 'webhook', enabled: true, failingSince: null, version: 1, ...endpoint } as WebhookEndpoint;
    },
    saveEndpoint: async (_m: EntityManager, row: Partial<WebhookEndpoint>) => void saved.push(row),
  } as unknown as EndpointRepository;
  const config = { extra: { WEBHOOK_DISABLE_AFTER_HOURS: 24 } } as NotificationsConfig;
  const track = new TrackEndpointHealth(endpoints, {} as EventOutbox, {} as RecordAlertOccurrence, config);
  return { track, reads, saved };
}

describe('TrackEndpointHealth', () => {
  it('neither locks nor writes the endpoint row on a success of a healthy endpoint', async () => {
    const { track, reads, saved } = tracker({ failingSince: null });
    await track.afterAttempt(manager, 't1', 'e1', { kind: 'delivered', latencyMs: 5 }, at);
    expect(reads).toEqual([false]);
    expect(saved).toEqual([]);
  });

  it('locks the row and ends the failing period on a success of a failing endpoint', async () => {
    const { track, reads, saved } = tracker({ failingSince: new Date('2026-12-04T20:00:00Z') });
    await track.afterAttempt(manager, 't1', 'e1', { kind: 'delivered', latencyMs: 5 }, at);
    expect(reads).toEqual([false, true]);
    expect(saved).toEqual([expect.objectContaining({ failingSince: null })]);
  });

  it('locks the row and starts a failing period on the first failure', async () => {
    const { track, reads, saved } = tracker({ failingSince: null });
    await track.afterAttempt(manager, 't1', 'e1', { kind: 'retryable', latencyMs: 5, reason: '503' }, at);
    expect(reads).toEqual([false, true]);
    expect(saved).toEqual([expect.objectContaining({ failingSince: at })]);
  });
});
