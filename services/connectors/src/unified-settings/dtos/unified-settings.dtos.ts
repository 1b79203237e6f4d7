/**
 * OpenAPI shapes of the unified settings endpoints. Bodies are checked by settings.rules.ts (422
 * naming each field), not by class-validator: entity keys are data, not properties of a class.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UNIFIED_ENTITIES } from '../../adapters';
import { FIELD_TYPES, type FieldType } from '../../unified';

export class CustomFieldSettingDto {
  @ApiProperty({ example: 'cust_safetyclass', description: "The system's field; a dotted path for nested values (`customFields.criticality`)" }) remote!: string;
  @ApiProperty({ example: 'safetyClass', description: 'Its key under `custom_fields`' }) unified!: string;
  @ApiProperty({ enum: FIELD_TYPES }) type!: FieldType;
}

export class CustomObjectSettingDto {
  @ApiProperty({ example: 'calibration', description: 'The custom object, `custom:<name>` in the records API' }) name!: string;
  @ApiProperty({ example: 'custcalibration', description: "The system's table, object structure, entity set or resource" }) remote!: string;
  @ApiProperty({ example: 'calibrationid' }) idField!: string;
  @ApiPropertyOptional({ example: 'changedate' }) modifiedField?: string;
  @ApiProperty({ type: [CustomFieldSettingDto] }) fields!: CustomFieldSettingDto[];
}

export class UnifiedSettingsDto {
  @ApiProperty({
    type: 'object',
    description: `Extra remote fields per unified entity (${UNIFIED_ENTITIES.join(', ')})`,
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/CustomFieldSettingDto' } },
    example: { workOrder: [{ remote: 'cust_safetyclass', unified: 'safetyClass', type: 'string' }] },
  })
  customFields!: Record<string, CustomFieldSettingDto[]>;

  @ApiProperty({ type: [CustomObjectSettingDto] }) customObjects!: CustomObjectSettingDto[];

  @ApiPropertyOptional({
    type: 'object',
    description:
      "Per unified entity and field with a code table, native code → unified value (one of the field's allowed values): extends or overrides the system's declared table for this connection, on reads and writes",
    additionalProperties: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
    example: { workOrder: { status: { '1001': 'on_hold' } } },
  })
  codes?: Record<string, Record<string, Record<string, string>>>;
}

export class StoredUnifiedSettingsDto {
  @ApiProperty({ type: UnifiedSettingsDto }) settings!: UnifiedSettingsDto;
  @ApiProperty({ nullable: true, type: String, description: 'When the settings were last replaced' }) updatedAt!: string | null;
}

export class SettingsProblemDto {
  @ApiProperty({ example: 'customFields.workOrder[0].remote' }) field!: string;
  @ApiProperty() message!: string;
}

export class SettingsValidationDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Records sampled from the system per entity key' }) sampled!: Record<string, number>;
  @ApiProperty({ type: [SettingsProblemDto], description: 'Remote fields found in no sampled record, native codes no code table maps, tables that could not be read' }) problems!: SettingsProblemDto[];
}

export class SavedUnifiedSettingsDto extends StoredUnifiedSettingsDto {
  @ApiProperty({ type: SettingsValidationDto }) validation!: SettingsValidationDto;
}

export class PreviewRequestDto {
  @ApiProperty({ example: 'workOrder', description: 'A unified entity, or `custom:<name>` of a custom object in `settings`' }) entity!: string;
  @ApiPropertyOptional({ description: "The record's remote_id; the first record the system lists when absent" }) remoteId?: string;
  @ApiProperty({ type: UnifiedSettingsDto, description: 'The settings being edited (not stored)' }) settings!: UnifiedSettingsDto;
}

export class PreviewDto {
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'The unified record with remote_data; null when the system has none' }) record!: Record<string, unknown> | null;
  @ApiProperty({ type: SettingsValidationDto }) validation!: SettingsValidationDto;
}
