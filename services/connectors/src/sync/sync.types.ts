import type { RemotePage, SystemKind, UnifiedEntity } from '../adapters';
import type { SyncDeclaration } from '../unified';

export const SYNC_MODES = ['full', 'incremental'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'stopped_auth', 'stopped_paused', 'superseded'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** Statuses a later run resumes from (its checkpoint is kept): stopped by auth or a pause, or failed. */
export const RESUMABLE_STATUSES: readonly SyncRunStatus[] = ['stopped_auth', 'stopped_paused', 'failed'];
export const ACTIVE_STATUSES: readonly SyncRunStatus[] = ['queued', 'running'];

/** A unified entity, or a connection's custom object as `custom:<name>`. */
export type SyncedEntity = UnifiedEntity | `custom:${string}`;

export const CUSTOM_PREFIX = 'custom:';

export function customObjectEntity(name: string): SyncedEntity {
  return `${CUSTOM_PREFIX}${name}`;
}

export type Scan = SyncDeclaration['incremental'];

/** A sync run as stored: its plan and its checkpoint. */
export interface SyncRun {
  id: string;
  tenantId: string;
  connectionId: string;
  entity: SyncedEntity;
  mode: SyncMode;
  /** How this run reads: every page (`full_scan`) or only what changed since `modifiedSince`. */
  scan: Scan;
  deleteStrategy: SyncDeclaration['deletes'];
  trigger: string;
  status: SyncRunStatus;
  generation: number;
  modifiedSince: Date | null;
  /** The adapter's cursor of the next page to fetch: the checkpoint. */
  cursor: string | null;
  pagesDone: number;
  recordsDone: number;
  upserted: number;
  unchanged: number;
  deleted: number;
  totalEstimate: number | null;
  maxRemoteUpdatedAt: Date | null;
  resumedFrom: string | null;
  error: string | null;
  requestedBy: string;
  createdAt: Date;
  startedAt: Date | null;
  checkpointAt: Date | null;
  finishedAt: Date | null;
}

/** A page as the sync reads it; `total` where the system tells how many records the listing has. */
export type SyncPage = RemotePage & { total?: number };

export interface SyncSystemOf {
  system: SystemKind;
}
