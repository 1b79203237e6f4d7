import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { FailureClass as FailureClassMessage, WriteFailedSchema, WriteSucceededSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { FailureClass, SystemKind, UnifiedEntity } from '../adapters';
import { FAILURE_CLASS_MESSAGES } from '../connections';
import type { DeleteMode, WriteOperation } from './capabilities/capability.types';

/** Who wrote what where: common to both events. */
export interface WriteScope {
  tenantId: string;
  connectionId: string;
  system: SystemKind;
  entity: UnifiedEntity;
  operation: WriteOperation;
  requestedBy: string;
}


/** Keyed by the connection, so a connection's writes and health events stay in one order. */
export function writeSucceeded(scope: WriteScope, write: { writeId: string; remoteId: string; deleteMode?: DeleteMode; fields: Record<string, unknown>; recovered: boolean }, at: Date): OutboundEvent {
  return {
    schema: WriteSucceededSchema,
    subject: scope.connectionId,
    tenantId: scope.tenantId,
    time: at,
    message: create(WriteSucceededSchema, {
      writeId: write.writeId,
      connectionId: scope.connectionId,
      system: scope.system,
      entity: scope.entity,
      operation: scope.operation,
      remoteId: write.remoteId,
      deleteMode: write.deleteMode ?? '',
      fieldsJson: JSON.stringify(write.fields),
      recovered: write.recovered,
      requestedBy: scope.requestedBy,
      occurredAt: timestampFromDate(at),
    }),
  };
}

export interface WriteFailure {
  writeId?: string;
  remoteId?: string;
  stage: 'rules' | 'upstream';
  classification?: FailureClass;
  status: number;
  fields?: string[];
  reason: string;
  outcomeUnknown?: boolean;
}

export function writeFailed(scope: WriteScope, failure: WriteFailure, at: Date): OutboundEvent {
  return {
    schema: WriteFailedSchema,
    subject: scope.connectionId,
    tenantId: scope.tenantId,
    time: at,
    message: create(WriteFailedSchema, {
      writeId: failure.writeId ?? '',
      connectionId: scope.connectionId,
      system: scope.system,
      entity: scope.entity,
      operation: scope.operation,
      remoteId: failure.remoteId ?? '',
      stage: failure.stage,
      classification: failure.classification ? FAILURE_CLASS_MESSAGES[failure.classification] : FailureClassMessage.UNSPECIFIED,
      status: failure.status,
      fields: failure.fields ?? [],
      reason: failure.reason,
      outcomeUnknown: failure.outcomeUnknown ?? false,
      requestedBy: scope.requestedBy,
      occurredAt: timestampFromDate(at),
    }),
  };
}
