import type { EntityManager } from 'typeorm';
import type { SystemKind } from '../adapters';
import type { SyncRun } from './sync.types';

export interface SyncOptions {
  /** Records asked for per page (within what each system allows). */
  pageSize(system: SystemKind): number;
  /** A job pages this long, then queues its continuation: a crashed replica's run waits at most a short expiry. */
  sliceMs: number;
  /** How far before a run's start the next incremental run looks again (clock skew, pages shifted by changes). */
  watermarkOverlapMs: number;
  /** How often the schedule round runs. */
  scheduleRoundMs: number;
}

/** Queues sync jobs; in the caller's transaction, so a job exists exactly when its run or checkpoint commits. */
export interface SyncScheduler {
  start(manager: EntityManager, run: SyncRun): Promise<void>;
  continueLater(manager: EntityManager, run: SyncRun): Promise<void>;
}

export const SYNC_OPTIONS = Symbol('SYNC_OPTIONS');
export const SYNC_SCHEDULER = Symbol('SYNC_SCHEDULER');

/** Each system's page limit (MaintainX and UpKeep 100, Limble 200), or what a large page costs. */
export const PAGE_SIZES: Readonly<Record<SystemKind, number>> = { maximo: 200, sap: 200, fiix: 200, upkeep: 100, maintainx: 100, limble: 200 };
