import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CUSTOM_FIELD_ENTITIES = ['asset', 'location', 'part'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

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

  @Column({ type: 'jsonb' })
  options!: string[];

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
