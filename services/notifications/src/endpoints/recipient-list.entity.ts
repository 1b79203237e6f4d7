import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The e-mail addresses an e-mail target of a rule (or an escalation level) sends to. */
@Entity({ name: 'recipient_lists' })
export class RecipientList {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) emails!: string[];
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
