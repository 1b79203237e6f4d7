export { SyncModule } from './sync.module';
export { SyncEngine, type SliceOutcome } from './sync-engine';
export { SYNC_RUN_JOB } from './sync-run.job';
export { SYNC_SOURCE, MappedSyncSource, type SyncSource, type StoredRemoteRecord } from './sync-source';
export { SYNC_OPTIONS, SYNC_SCHEDULER, PAGE_SIZES, type SyncOptions, type SyncScheduler } from './sync.tokens';
export { SYNC_MODES, SYNC_RUN_STATUSES, customObjectEntity, type SyncMode, type SyncRun, type SyncRunStatus, type SyncedEntity } from './sync.types';
