import { CustomFieldDefinitionColumns } from '@mate/service-kit';
import { Column, Entity } from 'typeorm';

/** What a tenant can define fields for. */
export const CUSTOM_FIELD_ENTITIES = ['work_order', 'work_request'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/** A tenant-defined field of work orders or work requests (the shared columns, plus who created it). */
@Entity({ name: 'custom_field_definitions' })
export class CustomFieldDefinition extends CustomFieldDefinitionColumns<CustomFieldEntity> {
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;
}
