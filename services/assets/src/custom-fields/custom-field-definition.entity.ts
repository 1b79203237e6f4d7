import { CustomFieldDefinitionColumns } from '@mate/service-kit';
import { Entity } from 'typeorm';

export const CUSTOM_FIELD_ENTITIES = ['asset', 'location', 'part'] as const;
export type CustomFieldEntity = (typeof CUSTOM_FIELD_ENTITIES)[number];

/** A tenant-defined field of assets, locations or parts: the shared columns, nothing more. */
@Entity({ name: 'custom_field_definitions' })
export class CustomFieldDefinition extends CustomFieldDefinitionColumns<CustomFieldEntity> {}
