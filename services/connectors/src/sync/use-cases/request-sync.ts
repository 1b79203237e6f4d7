import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@mate/database';
import { TenantTransactions } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { connectionNotFound } from '../../connections/connection.exception';
import { ConnectionRepository } from '../../connections/connection.repository';
import { SYNC_SOURCE, type SyncSource } from '../sync-source';
import { SyncException, SyncExceptionCode, unknownEntity } from '../sync.exception';
import { SyncRepository } from '../sync.repository';
import { SYNC_SCHEDULER, type SyncScheduler } from '../sync.tokens';
import { ACTIVE_STATUSES, RESUMABLE_STATUSES, type SyncMode, type SyncRun, type SyncedEntity } from '../sync.types';
import { syncableEntities } from './syncable-entities';

export interface SyncRequest {
  connectionId: string;
  entity: SyncedEntity;
  mode: SyncMode;
  trigger: 'manual' | 'schedule';
  requestedBy: string;
  /** The request's field naming the entity, for the 422 (`entity`, or the path's `name`). */
  entityField?: string;
}

/**
 * Queues a sync run for a connection × entity (its job in the same transaction). A run that ended
 * on an auth failure, a pause or a failure left a checkpoint: the next run of the same mode
 * resumes from it (same generation, cursor and counts) instead of starting over. One active run
 * per connection × entity (a unique index): a second request answers 409.
 */
@Injectable()
export class RequestSync {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(SyncRepository) private readonly runs: SyncRepository,
    @Inject(SYNC_SOURCE) private readonly source: SyncSource,
    @Inject(SYNC_SCHEDULER) private readonly scheduler: SyncScheduler,
  ) {}

  async execute(tenantId: string, request: SyncRequest): Promise<SyncRun> {
    try {
      return await this.transactions.run(tenantId, (manager) => this.queue(manager, tenantId, request));
    } catch (error) {
      if (isUniqueViolation(error, 'sync_runs_active_idx')) throw alreadyRunning();
      throw error;
    }
  }

  private async queue(manager: EntityManager, tenantId: string, request: SyncRequest): Promise<SyncRun> {
    const connection = await this.connections.findLive(manager, tenantId, request.connectionId);
    if (!connection) throw connectionNotFound();
    const settings = this.source.settingsOf(connection);
    const declaration = this.source.declaration(connection.system, request.entity, settings);
    if (!declaration) throw unknownEntity(request.entityField ?? 'entity', request.entity, syncableEntities(this.source, connection.system, settings));
    const latest = await this.runs.latestRun(manager, request.connectionId, request.entity);
    if (latest && ACTIVE_STATUSES.includes(latest.status)) throw alreadyRunning();
    const run = latest && RESUMABLE_STATUSES.includes(latest.status) && latest.mode === request.mode && latest.cursor !== null
      ? resumed(latest, request)
      : await this.fresh(manager, tenantId, request, declaration);
    await this.runs.insertRun(manager, run);
    await this.scheduler.start(manager, run);
    return run;
  }

  private async fresh(manager: EntityManager, tenantId: string, request: SyncRequest, declaration: { incremental: SyncRun['scan']; deletes: SyncRun['deleteStrategy'] }): Promise<SyncRun> {
    const state = await this.runs.nextGeneration(manager, tenantId, request.connectionId, request.entity);
    const scan = request.mode === 'incremental' && declaration.incremental === 'modified_since' && state.watermark ? 'modified_since' : 'full_scan';
    return {
      ...blankRun(request, tenantId),
      scan,
      deleteStrategy: declaration.deletes,
      generation: state.generation,
      modifiedSince: scan === 'modified_since' ? state.watermark : null,
    };
  }
}

function blankRun(request: SyncRequest, tenantId: string): SyncRun {
  return {
    id: randomUUID(),
    tenantId,
    connectionId: request.connectionId,
    entity: request.entity,
    mode: request.mode,
    scan: 'full_scan',
    deleteStrategy: 'full_scan_compare',
    trigger: request.trigger,
    status: 'queued',
    generation: 0,
    modifiedSince: null,
    cursor: null,
    pagesDone: 0,
    recordsDone: 0,
    upserted: 0,
    unchanged: 0,
    deleted: 0,
    totalEstimate: null,
    maxRemoteUpdatedAt: null,
    resumedFrom: null,
    error: null,
    requestedBy: request.requestedBy,
    createdAt: new Date(),
    startedAt: null,
    checkpointAt: null,
    finishedAt: null,
  };
}

/** A new run continuing a stopped one from its checkpoint: same plan, generation, cursor and counts. */
function resumed(previous: SyncRun, request: SyncRequest): SyncRun {
  const { id: _id, status: _status, error: _error, createdAt: _at, startedAt: _started, finishedAt: _finished, trigger: _trigger, requestedBy: _by, ...checkpoint } = previous;
  return { ...blankRun(request, previous.tenantId), ...checkpoint, resumedFrom: previous.id };
}

function alreadyRunning(): SyncException {
  return new SyncException(SyncExceptionCode.ALREADY_RUNNING, 'a sync of this entity is already queued or running for the connection; see GET …/syncs');
}
