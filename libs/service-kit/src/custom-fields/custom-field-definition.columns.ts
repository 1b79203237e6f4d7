import { Column, PrimaryColumn } from 'typeorm';
import type { CustomFieldType } from './custom-field-values';

/**
 * The columns every service's `custom_field_definitions` table has. Not an entity itself: each
 * service declares `@Entity({ name: 'custom_field_definitions' }) class CustomFieldDefinition
 * extends CustomFieldDefinitionColumns<TheirEntityType>`, in its own database and migrations, and
 * adds the columns only it has.
 */
export abstract class CustomFieldDefinitionColumns<TEntityType extends string = string> {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Which records of the service carry the field (e.g. `asset`, `work_order`). */
  @Column({ name: 'entity_type', type: 'text' })
  entityType!: TEntityType;

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

  /** Incremented on every change; the ETag. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
