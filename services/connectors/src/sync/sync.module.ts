import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@mate/service-kit';
import type { ConnectorsConfig } from '../config/connectors.config';
import { ConnectionsModule } from '../connections';
import { RecordsController } from './records.controller';
import { SyncEngine } from './sync-engine';
import { SyncRunJob, JobQueueSyncScheduler } from './sync-run.job';
import { SyncScheduleRoundJob } from './sync-schedule-round.job';
import { MappedSyncSource, SYNC_SOURCE } from './sync-source';
import { SyncRepository } from './sync.repository';
import { PAGE_SIZES, SYNC_OPTIONS, SYNC_SCHEDULER, type SyncOptions } from './sync.tokens';
import { SyncsController } from './syncs.controller';
import { ReadSyncs } from './use-cases/read-syncs';
import { RequestSync } from './use-cases/request-sync';
import { SyncSchedules } from './use-cases/sync-schedules';

/** Sync runs on the job queue, the synced-record store and the read API over it. */
@Module({
  imports: [ConnectionsModule],
  controllers: [SyncsController, RecordsController],
  providers: [
    {
      provide: SYNC_OPTIONS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ConnectorsConfig): SyncOptions => ({
        pageSize: (system) => config.extra.CONNECTORS_SYNC_PAGE_SIZE || PAGE_SIZES[system],
        sliceMs: config.extra.CONNECTORS_SYNC_SLICE_SECONDS * 1000,
        watermarkOverlapMs: config.extra.CONNECTORS_SYNC_WATERMARK_OVERLAP_SECONDS * 1000,
        scheduleRoundMs: config.extra.CONNECTORS_SYNC_SCHEDULE_ROUND_SECONDS * 1000,
      }),
    },
    { provide: SYNC_SOURCE, useClass: MappedSyncSource },
    { provide: SYNC_SCHEDULER, useClass: JobQueueSyncScheduler },
    SyncRepository,
    SyncEngine,
    SyncRunJob,
    SyncScheduleRoundJob,
    RequestSync,
    ReadSyncs,
    SyncSchedules,
  ],
})
export class SyncModule {}
