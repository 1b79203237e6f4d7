import { ProblemException } from '@mate/service-kit';
import { UpstreamFailure } from '../adapters';
import { ConnectionException, ConnectionExceptionCode, REAUTHORIZATION_REQUIRED_TYPE } from '../connections/connection.exception';
import { stopStatus } from './sync-failures';
import { toSyncRunDto } from './sync.mapper';
import type { SyncRun } from './sync.types';

const failure = (classification: UpstreamFailure['classification']) => new UpstreamFailure(classification, { system: 'maximo', operation: 'list mxwo', status: 400 });

describe('how a failure ends a sync run', () => {
  it.each([
    ['auth_invalid', 'stopped_auth'],
    ['auth_expired', 'stopped_auth'],
    ['permission_denied', 'failed'],
    ['upstream_validation', 'failed'],
    ['not_found', 'failed'],
    ['conflict', 'failed'],
    ['transient', undefined],
    ['rate_limited', undefined],
  ] as const)('an upstream %s: %s (undefined: the job is retried from the checkpoint)', (classification, status) => {
    expect(stopStatus(failure(classification))).toBe(status);
  });

  it('stops on a connection already waiting for reauthorization, and on a pause', () => {
    expect(stopStatus(new ProblemException({ status: 409, type: REAUTHORIZATION_REQUIRED_TYPE }))).toBe('stopped_auth');
    expect(stopStatus(new ConnectionException(ConnectionExceptionCode.PAUSED, 'paused'))).toBe('stopped_paused');
    expect(stopStatus(new ConnectionException(ConnectionExceptionCode.NOT_FOUND, 'gone'))).toBe('failed');
  });

  it('retries anything else (a database blip, a bug) until the last attempt', () => {
    expect(stopStatus(new Error('connection terminated'))).toBeUndefined();
  });
});

describe('a run as the API shows it', () => {
  const run: SyncRun = {
    id: 'r', tenantId: 't', connectionId: 'c', entity: 'workOrder', mode: 'full', scan: 'full_scan', deleteStrategy: 'full_scan_compare', trigger: 'manual',
    status: 'running', generation: 3, modifiedSince: null, cursor: '7', pagesDone: 6, recordsDone: 1_200, upserted: 1_000, unchanged: 200, deleted: 0,
    totalEstimate: 3_000, maxRemoteUpdatedAt: null, resumedFrom: null, error: null, requestedBy: 'u', createdAt: new Date('2026-12-04T10:00:00Z'),
    startedAt: new Date('2026-12-04T10:00:00Z'), checkpointAt: null, finishedAt: null,
  };

  it('estimates what remains from the total and the pace so far, and never shows the cursor', () => {
    const dto = toSyncRunDto(run, new Date('2026-12-04T10:01:00Z'));
    expect(dto.progress).toEqual({ pagesDone: 6, recordsDone: 1_200, upserted: 1_000, unchanged: 200, deleted: 0, totalEstimate: 3_000, remainingEstimate: 1_800, remainingSecondsEstimate: 90 });
    expect(JSON.stringify(dto)).not.toContain('cursor');
  });

  it('has no estimate without a total, nor once the run has ended', () => {
    expect(toSyncRunDto({ ...run, totalEstimate: null }).progress).toMatchObject({ remainingEstimate: null, remainingSecondsEstimate: null });
    expect(toSyncRunDto({ ...run, status: 'stopped_auth', finishedAt: new Date('2026-12-04T10:00:30Z') }).progress.remainingSecondsEstimate).toBeNull();
  });
});
