import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnifiedEntity } from '../../adapters';
import type { WriteOperation } from '../capabilities/capability.types';

export type WriteState = 'pending' | 'succeeded' | 'failed';

/** The answer a finished write gave, replayed to a retry with the same Idempotency-Key. */
export interface StoredAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * One write per Idempotency-Key of a connection: recorded as `pending` before anything goes
 * upstream, then closed with the outcome. A `pending` row whose lease ran out is a write whose
 * outcome is unknown (reply lost, process killed): the next retry resumes it.
 */
@Entity({ name: 'write_ledger' })
export class WriteLedgerEntry {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  entity!: UnifiedEntity;

  @Column({ type: 'text' })
  operation!: WriteOperation;

  @Column({ name: 'remote_id', type: 'text', nullable: true })
  remoteId!: string | null;

  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  /** For creates: the value written into the system's tag field (see EntityCapability.createTag). */
  @Column({ type: 'text', nullable: true })
  tag!: string | null;

  @Column({ type: 'text' })
  state!: WriteState;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: Record<string, unknown> | null;

  @Column({ name: 'failure_class', type: 'text', nullable: true })
  failureClass!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
