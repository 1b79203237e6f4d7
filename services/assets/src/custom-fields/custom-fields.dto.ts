import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, Length, Matches } from 'class-validator';
import { CUSTOM_FIELD_ENTITIES, type CustomFieldEntity } from './custom-field-definition.entity';
import { CUSTOM_FIELD_TYPES, IsPresentNotNull, type CustomFieldType } from '@mate/service-kit';

export class CreateCustomFieldDto {
  @ApiProperty({ enum: CUSTOM_FIELD_ENTITIES })
  @IsIn(CUSTOM_FIELD_ENTITIES)
  entityType!: CustomFieldEntity;

  @ApiProperty({ example: 'voltage', description: 'snake_case key used in `customFields` and in `cf` filters' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'key must be snake_case (a-z, 0-9, _), starting with a letter, at most 63 characters' })
  key!: string;

  @ApiProperty({ example: 'Rated voltage' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiProperty({ enum: CUSTOM_FIELD_TYPES })
  @IsIn(CUSTOM_FIELD_TYPES)
  type!: CustomFieldType;

  @ApiPropertyOptional({ default: false })
  @IsPresentNotNull()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Allowed values (enum fields only)' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ example: 'V' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 40)
  unit?: string;
}

export class UpdateCustomFieldDto {
  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  label?: string;

  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ nullable: true })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 40)
  unit?: string;
}

export class ListCustomFieldsQueryDto {
  @ApiPropertyOptional({ enum: CUSTOM_FIELD_ENTITIES })
  @IsPresentNotNull()
  @IsIn(CUSTOM_FIELD_ENTITIES)
  entityType?: CustomFieldEntity;
}

export class CustomFieldDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CUSTOM_FIELD_ENTITIES }) entityType!: CustomFieldEntity;
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: CUSTOM_FIELD_TYPES }) type!: CustomFieldType;
  @ApiProperty() required!: boolean;
  @ApiProperty({ type: [String] }) options!: string[];
  @ApiProperty({ nullable: true, type: String }) unit!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CustomFieldListDto {
  @ApiProperty({ type: [CustomFieldDto] }) items!: CustomFieldDto[];
}
