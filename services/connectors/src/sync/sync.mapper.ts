import type { SyncRunDto } from './dtos/sync.dtos';
import type { SyncRun } from './sync.types';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A run for the API: its plan, status and progress; never its raw cursor (the adapter's business). */
export function toSyncRunDto(run: SyncRun, now = new Date()): SyncRunDto {
  const remaining = run.totalEstimate === null ? null : Math.max(0, run.totalEstimate - run.recordsDone);
  const elapsedSeconds = run.startedAt ? ((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) / 1000 : 0;
  const pace = elapsedSeconds > 0 ? run.recordsDone / elapsedSeconds : 0;
  return {
    id: run.id,
    connectionId: run.connectionId,
    entity: run.entity,
    mode: run.mode,
    scan: run.scan,
    deleteStrategy: run.deleteStrategy,
    trigger: run.trigger,
    status: run.status,
    modifiedSince: iso(run.modifiedSince),
    progress: {
      pagesDone: run.pagesDone,
      recordsDone: run.recordsDone,
      upserted: run.upserted,
      unchanged: run.unchanged,
      deleted: run.deleted,
      totalEstimate: run.totalEstimate,
      remainingEstimate: remaining,
      remainingSecondsEstimate: remaining !== null && pace > 0 && run.status === 'running' ? Math.round(remaining / pace) : null,
    },
    resumedFrom: run.resumedFrom,
    error: run.error,
    requestedBy: run.requestedBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    checkpointAt: iso(run.checkpointAt),
    finishedAt: iso(run.finishedAt),
  };
}
