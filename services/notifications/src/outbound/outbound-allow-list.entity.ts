import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a tenant's webhook and chat deliveries may reach beyond the public internet (its administrator's list). */
@Entity({ name: 'outbound_allow_lists' })
export class OutboundAllowList {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { array: true }) entries!: string[];
  @Column('int') version!: number;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
