import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CUSTOM_FIELD_KEY_PATTERN, CUSTOM_FIELD_TYPES, type CustomFieldType, IsPresentNotNull } from '@mate/service-kit';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CUSTOM_FIELD_ENTITIES, type CustomFieldEntity } from '../custom-field-definition.entity';

export const MAX_ENUM_OPTIONS = 200;

export class CreateCustomFieldDto {
  @ApiProperty({ enum: CUSTOM_FIELD_ENTITIES, description: 'Which records carry the field' })
  @IsIn(CUSTOM_FIELD_ENTITIES)
  entityType!: CustomFieldEntity;

  @ApiProperty({ example: 'shift', pattern: CUSTOM_FIELD_KEY_PATTERN.source, description: 'Key in `customFields` and in `cf` filters' })
  @IsString()
  @Matches(CUSTOM_FIELD_KEY_PATTERN, { message: 'key must be snake_case (a-z, 0-9, _), starting with a letter, at most 63 characters' })
  key!: string;

  @ApiProperty({ example: 'Shift', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES, description: 'Values: text (≤ 2000 characters), number, date (YYYY-MM-DD), boolean, enum (one of `options`)' })
  @IsIn(CUSTOM_FIELD_TYPES)
  type!: CustomFieldType;

  @ApiPropertyOptional({ default: false, description: 'Required on creation; an update cannot remove the value' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_ENUM_OPTIONS, description: 'Allowed values (enum fields only, at least one)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ENUM_OPTIONS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ example: 'h', maxLength: 40 })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  unit?: string;
}

/** Key, entity type and type never change (stored values would no longer match). */
export class UpdateCustomFieldDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  label?: string;

  @ApiPropertyOptional({ description: 'Applies to records created from now on' })
  @IsPresentNotNull()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_ENUM_OPTIONS, description: 'Enum fields only; stored values keep their option' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_ENUM_OPTIONS)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ nullable: true, maxLength: 40, description: '`null` removes the unit' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  unit?: string | null;
}

export class ListCustomFieldsQuery {
  @ApiPropertyOptional({ enum: CUSTOM_FIELD_ENTITIES })
  @IsOptional()
  @IsIn(CUSTOM_FIELD_ENTITIES)
  entityType?: CustomFieldEntity;
}

export class CustomFieldDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: CUSTOM_FIELD_ENTITIES })
  entityType!: CustomFieldEntity;

  @ApiProperty()
  key!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES })
  type!: CustomFieldType;

  @ApiProperty()
  required!: boolean;

  @ApiProperty({ type: [String] })
  options!: string[];

  @ApiProperty({ nullable: true, type: String })
  unit!: string | null;

  @ApiProperty({ description: 'Incremented on every change; the ETag' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class CustomFieldListDto {
  @ApiProperty({ type: [CustomFieldDto] })
  items!: CustomFieldDto[];
}
