import { Column, Entity, PrimaryColumn } from 'typeorm';

export type EndpointKind = 'webhook' | 'slack' | 'teams';

/**
 * Where webhook and chat deliveries go (`/api/v1/webhook-endpoints`). `sealedSecrets` holds the
 * active Standard Webhooks secrets (the newer first; two during a rotation) sealed with the
 * tenant's data key (`WebhookSecretVault`); a chat URL is a credential itself, sealed the same way
 * (`sealedUrl`, only its masked form shown). Neither is ever returned by the API, logged or put in an event.
 */
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpoint {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') kind!: EndpointKind;
  /** A webhook's URL; null for a chat endpoint, whose URL is a credential (sealed in `sealedUrl`). */
  @Column('text', { nullable: true }) url!: string | null;
  /** A chat endpoint's incoming-webhook URL, sealed with the tenant's data key (`dataKeyVersion`). */
  @Column('bytea', { name: 'sealed_url', nullable: true }) sealedUrl!: Buffer | null;
  /** What the API shows of a chat URL: its origin and last four characters. */
  @Column('text', { name: 'masked_url', nullable: true }) maskedUrl!: string | null;
  @Column('text') description!: string;
  /** Null for chat endpoints, which sign nothing. */
  @Column('bytea', { name: 'sealed_secrets', nullable: true }) sealedSecrets!: Buffer | null;
  @Column('int', { name: 'data_key_version', nullable: true }) dataKeyVersion!: number | null;
  /** Until then the previous secret signs too (a rotation's overlap). */
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt!: Date | null;
  @Column('boolean') enabled!: boolean;
  @Column('timestamptz', { name: 'failing_since', nullable: true }) failingSince!: Date | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt!: Date | null;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
