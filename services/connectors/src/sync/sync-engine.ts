import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventOutbox, type OutboundEvent } from '@mate/messaging';
import { TenantTransactions } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import type { RemoteRecord, SystemKind } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import type { UnifiedSettings } from '../unified';
import { ConnectionRepository } from '../connections/connection.repository';
import { UpstreamGateway } from '../upstream/upstream-gateway';
import { stopStatus } from './sync-failures';
import { SYNC_SOURCE, type SyncSource } from './sync-source';
import { recordDeleted, recordUpserted } from './sync.events';
import { syncMetrics } from './sync.metrics';
import { SyncRepository, type IncomingRecord } from './sync.repository';
import { SYNC_OPTIONS, SYNC_SCHEDULER, type SyncOptions, type SyncScheduler } from './sync.tokens';
import type { SyncPage, SyncRun, SyncRunStatus } from './sync.types';

export type SliceOutcome = 'finished' | 'continued' | 'stopped' | 'skipped';

/**
 * Runs a sync run one slice at a time: pages through the adapter and commits each page (records,
 * their RecordUpserted/RecordDeleted events in the outbox, the run's checkpoint) in one
 * transaction, so a killed run resumes at the page after its last commit. A slice ends when the
 * listing ends, after `sliceMs` (a continuation job is queued with the last checkpoint), or when a
 * failure stops it: an auth failure or a pause stops the run keeping its checkpoint (the health
 * state machine has already heard of the failure through the gateway); a transient failure is
 * thrown for the job's retry.
 */
@Injectable()
export class SyncEngine {
  private readonly logger = new Logger(SyncEngine.name);

  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(UpstreamGateway) private readonly gateway: UpstreamGateway,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(SyncRepository) private readonly runs: SyncRepository,
    @Inject(EventOutbox) private readonly outbox: EventOutbox,
    @Inject(SYNC_SOURCE) private readonly source: SyncSource,
    @Inject(SYNC_SCHEDULER) private readonly scheduler: SyncScheduler,
    @Inject(SYNC_OPTIONS) private readonly options: SyncOptions,
  ) {}

  async runSlice(tenantId: string, runId: string, lastAttempt: boolean): Promise<SliceOutcome> {
    const begun = await this.begin(tenantId, runId);
    if (!begun) return 'skipped';
    let { run } = begun;
    const { system, settings } = begun;
    const sliceEnds = Date.now() + this.options.sliceMs;
    let pending = this.fetch(run, system, settings, run.cursor);
    for (;;) {
      let page: SyncPage;
      try {
        page = await pending;
      } catch (error) {
        return this.stopOn(error, run, system, lastAttempt);
      }
      const more = Date.now() < sliceEnds;
      // The next page is fetched while this one is stored: upstream and database work overlap. A
      // run killed meanwhile fetches that page again, as it is past the checkpoint.
      const next = more && page.nextCursor ? this.fetch(run, system, settings, page.nextCursor) : undefined;
      next?.catch(() => undefined);
      const stored = await this.store(run, system, page, more);
      if (!stored) return 'skipped';
      run = stored;
      if (run.status !== 'running') return 'finished';
      if (!next) return 'continued';
      pending = next;
    }
  }

  /** Marks the run running; undefined when it is no longer active (a duplicate job, or finished). */
  private begin(tenantId: string, runId: string): Promise<{ run: SyncRun; system: SystemKind; settings: UnifiedSettings } | undefined> {
    return this.transactions.run(tenantId, async (manager) => {
      const run = await this.runs.lockRunById(manager, runId);
      if (!run || (run.status !== 'queued' && run.status !== 'running')) return undefined;
      const connection = await this.connections.findLive(manager, tenantId, run.connectionId);
      if (!connection) {
        await this.end(manager, run, 'failed', 'the connection was deleted');
        return undefined;
      }
      if (run.status === 'queued') {
        run.status = 'running';
        run.startedAt = new Date();
        await this.runs.saveRun(manager, run);
      }
      return { run, system: connection.system, settings: this.source.settingsOf(connection) };
    });
  }

  private fetch(run: SyncRun, system: SystemKind, settings: UnifiedSettings, cursor: string | null): Promise<SyncPage> {
    const query = { pageSize: this.options.pageSize(system), cursor: cursor ?? undefined, modifiedSince: run.modifiedSince?.toISOString() };
    return this.gateway.call(run.tenantId, run.connectionId, (adapter, connection, session) => this.source.list(adapter, connection, session, run.entity, query, settings));
  }

  /**
   * One page in one transaction, under the run's row lock; a run whose checkpoint moved on
   * meanwhile (another worker's copy of the job) is left alone and this page dropped.
   */
  private async store(expected: SyncRun, system: SystemKind, page: SyncPage, more: boolean): Promise<SyncRun | undefined> {
    const now = new Date();
    const result = await this.transactions.run(expected.tenantId, async (manager) => {
      const run = await this.runs.lockRunById(manager, expected.id);
      if (!run || run.status !== 'running' || run.pagesDone !== expected.pagesDone) return undefined;
      const connection = await this.connections.findLive(manager, run.tenantId, run.connectionId);
      if (!connection) return this.end(manager, run, 'failed', 'the connection was deleted');
      const unified = this.unified(system, run, page.records, this.source.settingsOf(connection));
      const incoming = [...unified.values()].map(({ record }) => record);
      const stored = await this.runs.storePage(manager, run, incoming, now);
      const events: OutboundEvent[] = stored.changed.map(({ remoteId, created }) => recordUpserted(run, system, unified.get(remoteId)?.unified ?? {}, created, now));
      events.push(...stored.newlyDeleted.map((remoteId) => recordDeleted(run, system, remoteId, 'deleted_flag', now)));
      const before = { remaining: remainingOf(run), deleted: run.deleted };
      this.advance(run, page, incoming, stored.changed.length, stored.newlyDeleted.length, now);
      if (!page.nextCursor) events.push(...(await this.finish(manager, run, system, now)));
      else if (!more) await this.scheduler.continueLater(manager, run);
      await this.outbox.append(manager, events);
      await this.runs.saveRun(manager, run);
      // Deletes of the page and, on the last page, those the full-scan compare found.
      const outcome = { upserted: stored.changed.length, unchanged: incoming.length - stored.changed.length - stored.newlyDeleted.length, deleted: run.deleted - before.deleted };
      return { run, outcome, remainingDelta: remainingOf(run) - before.remaining };
    });
    if (!result) return undefined;
    syncMetrics.page(system, result.run.entity, result.outcome, result.remainingDelta);
    if (result.run.status !== 'running') syncMetrics.ended(system, result.run.entity, result.run.status, remainingOf(result.run));
    return result.run;
  }

  /**
   * The page's records, unified with the connection's current settings (for the events), and as
   * stored: the mapping reads the modification time and the soft-delete flag from the raw record.
   * A system may repeat a record across a page boundary; the last copy wins.
   */
  private unified(system: SystemKind, run: SyncRun, records: readonly RemoteRecord[], settings: UnifiedSettings): Map<string, { record: IncomingRecord; unified: JsonObject }> {
    const result = new Map<string, { record: IncomingRecord; unified: JsonObject }>();
    for (const remote of records) {
      const unified = this.source.toUnified(system, run.entity, { remoteId: remote.remoteId, remoteUpdatedAt: toDate(remote.remoteUpdatedAt ?? null), remoteDeleted: false, remoteData: remote.fields }, settings, { includeRemoteData: false });
      const updatedAt = typeof unified.remote_updated_at === 'string' ? unified.remote_updated_at : (remote.remoteUpdatedAt ?? null);
      result.set(remote.remoteId, { record: { remoteId: remote.remoteId, remoteUpdatedAt: updatedAt, remoteDeleted: unified.remote_deleted === true, remoteData: remote.fields }, unified });
    }
    return result;
  }

  private advance(run: SyncRun, page: SyncPage, incoming: readonly IncomingRecord[], changed: number, deleted: number, now: Date): void {
    run.cursor = page.nextCursor ?? null;
    run.pagesDone += 1;
    run.recordsDone += incoming.length;
    run.upserted += changed;
    run.deleted += deleted;
    run.unchanged += incoming.length - changed - deleted;
    if (page.total !== undefined) run.totalEstimate = page.total;
    for (const record of incoming) {
      const at = toDate(record.remoteUpdatedAt);
      if (at && (!run.maxRemoteUpdatedAt || at > run.maxRemoteUpdatedAt)) run.maxRemoteUpdatedAt = at;
    }
    run.checkpointAt = now;
  }

  /**
   * The listing ended: a run that read everything (full scan) compares generations, and records it
   * did not see are deleted upstream. The next watermark is the newest modification seen, but never
   * later than the run's start minus the overlap: a record changed while the run paged (and shifted
   * an offset page) is read again next time rather than missed.
   */
  private async finish(manager: EntityManager, run: SyncRun, system: SystemKind, now: Date): Promise<OutboundEvent[]> {
    const fullScan = run.scan === 'full_scan';
    const gone = fullScan ? await this.runs.markUnseenDeleted(manager, run, now) : [];
    run.deleted += gone.length;
    const cap = new Date((run.startedAt ?? run.createdAt).getTime() - this.options.watermarkOverlapMs);
    const watermark = run.maxRemoteUpdatedAt && run.maxRemoteUpdatedAt < cap ? run.maxRemoteUpdatedAt : run.maxRemoteUpdatedAt ? cap : null;
    await this.runs.finishState(manager, run.connectionId, run.entity, watermark, fullScan);
    run.status = 'succeeded';
    run.finishedAt = now;
    return gone.map((remoteId) => recordDeleted(run, system, remoteId, 'full_scan_compare', now));
  }

  private async stopOn(error: unknown, run: SyncRun, system: SystemKind, lastAttempt: boolean): Promise<SliceOutcome> {
    const stop = stopStatus(error);
    if (!stop && !lastAttempt) throw error;
    const status = stop ?? 'failed';
    const reason = error instanceof Error ? error.message.slice(0, 500) : 'the sync failed';
    this.logger.warn(`sync run ${run.id} (${system} ${run.entity}) ${status}: ${reason}`);
    await this.transactions.run(run.tenantId, async (manager) => {
      const current = await this.runs.lockRunById(manager, run.id);
      if (current && (current.status === 'running' || current.status === 'queued')) await this.end(manager, current, status, reason);
    });
    syncMetrics.ended(system, run.entity, status, remainingOf(run));
    return 'stopped';
  }

  /** Ends a run keeping its checkpoint (cursor, counts): a later run resumes from it. */
  private async end(manager: EntityManager, run: SyncRun, status: SyncRunStatus, reason: string): Promise<undefined> {
    run.status = status;
    run.error = reason;
    run.finishedAt = new Date();
    await this.runs.saveRun(manager, run);
    return undefined;
  }
}

function remainingOf(run: SyncRun): number {
  return run.status === 'running' && run.totalEstimate !== null ? Math.max(0, run.totalEstimate - run.recordsDone) : 0;
}

function toDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
