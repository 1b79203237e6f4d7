import type { CustomFieldType } from '@mate/service-kit';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a tenant can define fields for. */
export const CUSTOM_FIELD_ENTITIES = ['work_order', 'work_request'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/** A tenant-defined field of work orders or work requests. */
@Entity({ name: 'custom_field_definitions' })
export class CustomFieldDefinition {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: CustomFieldEntity;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  type!: CustomFieldType;

  @Column({ type: 'boolean' })
  required!: boolean;

  /** Allowed values of an enum field; empty for the other types. */
  @Column({ type: 'jsonb' })
  options!: string[];

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
