import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuthKind, SystemKind } from '../adapters';

/** What an administrator chose for a connection a connect session will create: nothing secret. */
export interface NewConnectionTarget {
  system: SystemKind;
  authKind: AuthKind;
  displayName: string;
  baseUrl: string;
  settings: Record<string, string>;
  probeIntervalSeconds?: number;
}

/**
 * The API token integrators use to call the unified API for one connection. Shown once when
 * issued; only its hash is kept. Reconnecting issues a new one and revokes the old.
 */
@Entity({ name: 'connection_api_tokens' })
export class ConnectionApiToken {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'connection_id', type: 'uuid' })
  connectionId!: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

/**
 * A single-use session in which the customer submits credentials without a tenant login (the hosted
 * connect flow): new ones for an existing connection (`connectionId`), or the first ones of a
 * connection it creates (`newConnection`). Only its hash is kept.
 */
@Entity({ name: 'connect_sessions' })
export class ConnectSession {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** The connection being reconnected; null when the session creates one. */
  @Column({ name: 'connection_id', type: 'uuid', nullable: true })
  connectionId!: string | null;

  /** The connection the session creates; null when it reconnects one. */
  @Column({ name: 'new_connection', type: 'jsonb', nullable: true })
  newConnection!: NewConnectionTarget | null;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
