import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a tenant's administrator lets its connections reach beyond the public internet (hosts, addresses, CIDR ranges). */
@Entity({ name: 'outbound_allow_lists' })
export class OutboundAllowList {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text', array: true })
  entries!: string[];

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
