import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuthKind, FailureClass, SystemKind } from '../adapters';
import type { ConnectionStatus, ResumableStatus } from '../health';
import type { UnifiedSettings } from '../unified';

/** A connection to one customer system: columns only; queries are in connection.repository.ts. */
@Entity({ name: 'connections' })
export class Connection {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  system!: SystemKind;

  @Column({ name: 'auth_kind', type: 'text' })
  authKind!: AuthKind;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'base_url', type: 'text' })
  baseUrl!: string;

  @Column({ type: 'jsonb' })
  settings!: Record<string, string>;

  /**
   * Extra fields and custom objects of the unified model (unified/settings.ts), read through
   * storedUnifiedSettings. Optional: a new connection starts with the column's default (none).
   */
  @Column({ name: 'unified_settings', type: 'jsonb', default: () => `'{"customFields": {}, "customObjects": []}'::jsonb` })
  unifiedSettings?: UnifiedSettings;

  @Column({ name: 'unified_settings_updated_at', type: 'timestamptz', nullable: true })
  unifiedSettingsUpdatedAt?: Date | null;

  @Column({ type: 'text' })
  status!: ConnectionStatus;

  @Column({ name: 'paused_from', type: 'text', nullable: true })
  pausedFrom!: ResumableStatus | null;

  @Column({ name: 'transient_failures', type: 'integer' })
  transientFailures!: number;

  @Column({ name: 'window_started_at', type: 'timestamptz', nullable: true })
  windowStartedAt!: Date | null;

  /** `iv | tag | ciphertext` of the credentials (JSON), sealed by the tenant's data key of `dataKeyVersion`; null once deleted. */
  @Column({ name: 'credentials_ciphertext', type: 'bytea', nullable: true })
  credentialsCiphertext!: Buffer | null;

  @Column({ name: 'data_key_version', type: 'integer' })
  dataKeyVersion!: number;

  /** The cached token or session, sealed like the credentials; null when none is cached. */
  @Column({ name: 'session_ciphertext', type: 'bytea', nullable: true })
  sessionCiphertext!: Buffer | null;

  @Column({ name: 'session_expires_at', type: 'timestamptz', nullable: true })
  sessionExpiresAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ name: 'last_failure_class', type: 'text', nullable: true })
  lastFailureClass!: FailureClass | null;

  /** Failed calls since the connection was created. */
  @Column({ name: 'failure_count', type: 'integer' })
  failureCount!: number;

  @Column({ name: 'probe_interval_seconds', type: 'integer' })
  probeIntervalSeconds!: number;

  /** Starts at 1; every recorded change adds one. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One recorded change of a connection's health status. */
@Entity({ name: 'connection_transitions' })
export class ConnectionTransition {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ name: 'from_status', type: 'text' })
  fromStatus!: ConnectionStatus;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: ConnectionStatus;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}

/** One failed upstream call (or probe), as classified; never the upstream body. */
@Entity({ name: 'connection_failures' })
export class ConnectionFailure {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ type: 'text' })
  classification!: FailureClass;

  @Column({ type: 'text' })
  operation!: string;

  @Column({ name: 'upstream_status', type: 'integer', nullable: true })
  upstreamStatus!: number | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}

/**
 * The cross-tenant index of live connections: what the probe scheduler and the metrics read
 * without a tenant (no row-level security; ids, kinds, statuses and times only, no secret).
 */
@Entity({ name: 'connection_index' })
export class ConnectionIndexEntry {
  @PrimaryColumn({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  system!: SystemKind;

  @Column({ type: 'text' })
  status!: ConnectionStatus;

  @Column({ name: 'probe_interval_seconds', type: 'integer' })
  probeIntervalSeconds!: number;

  @Column({ name: 'next_probe_at', type: 'timestamptz' })
  nextProbeAt!: Date;
}
