import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { RecordDeletedSchema, RecordUpsertedSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { SystemKind } from '../adapters';
import type { JsonObject } from '../adapters/upstream-reply';
import type { SyncRun } from './sync.types';

/** One record's events share a key, so they stay in order on one partition. */
const recordSubject = (run: SyncRun, remoteId: string) => `${run.connectionId}/${run.entity}/${remoteId}`;

/** The unified record without remote_data: events never carry the raw record. */
export function recordUpserted(run: SyncRun, system: SystemKind, unified: JsonObject, created: boolean, at: Date): OutboundEvent {
  const { remote_data: _raw, ...record } = unified;
  const remoteId = String(record.remote_id);
  const updated = typeof record.remote_updated_at === 'string' ? new Date(record.remote_updated_at) : undefined;
  return {
    schema: RecordUpsertedSchema,
    subject: recordSubject(run, remoteId),
    tenantId: run.tenantId,
    time: at,
    message: create(RecordUpsertedSchema, {
      connectionId: run.connectionId,
      system,
      entity: run.entity,
      remoteId,
      remoteUpdatedAt: updated && !Number.isNaN(updated.getTime()) ? timestampFromDate(updated) : undefined,
      recordJson: JSON.stringify(record),
      syncRunId: run.id,
      created,
      occurredAt: timestampFromDate(at),
    }),
  };
}

export function recordDeleted(run: SyncRun, system: SystemKind, remoteId: string, detectedBy: 'deleted_flag' | 'full_scan_compare', at: Date): OutboundEvent {
  return {
    schema: RecordDeletedSchema,
    subject: recordSubject(run, remoteId),
    tenantId: run.tenantId,
    time: at,
    message: create(RecordDeletedSchema, { connectionId: run.connectionId, system, entity: run.entity, remoteId, detectedBy, syncRunId: run.id, occurredAt: timestampFromDate(at) }),
  };
}
