import { Column, Entity, PrimaryColumn } from 'typeorm';

export type EndpointKind = 'webhook' | 'slack' | 'teams';

/**
 * Where webhook and chat deliveries go (`/api/v1/webhook-endpoints`). `secrets` are the active
 * Standard Webhooks secrets (the newer first; two during a rotation), needed in clear to sign; a
 * chat URL is a credential itself. Neither is ever returned by the API after creation, logged or
 * put in an event.
 */
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpoint {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') kind!: EndpointKind;
  @Column('text') url!: string;
  @Column('text') description!: string;
  @Column('text', { array: true }) secrets!: string[];
  @Column('boolean') enabled!: boolean;
  @Column('timestamptz', { name: 'failing_since', nullable: true }) failingSince!: Date | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt!: Date | null;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
