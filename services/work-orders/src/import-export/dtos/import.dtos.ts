import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsDateTime } from '@mate/service-kit';
import { CUSTOM_FIELD_VALUE_SCHEMA, IsCustomFields, QueryBoolean } from '../../common/validation';
import {
  WORK_ORDER_PRIORITIES,
  WORK_ORDER_TYPES,
  type CustomFieldsInput,
  type WorkOrderPriority,
  type WorkOrderType,
} from '../../work-orders/work-order.model';

export const MAX_IMPORT_ROWS = 5000;

/**
 * One work order to import; CSV columns have the same names (assigneeIds separated by `;`), and a
 * custom field is a `cf.<key>` column.
 */
export class ImportWorkOrderRowDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ enum: WORK_ORDER_TYPES })
  @IsIn(WORK_ORDER_TYPES)
  type!: WorkOrderType;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES })
  @IsOptional()
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  assigneeIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  teamId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  requesterId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  dueAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  plannedStartAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525_600)
  estimatedDurationMinutes?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  failureProblem?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  failureCause?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  failureRemedy?: string;

  @ApiPropertyOptional({ description: 'Id in the system the rows come from: importing it again finds the existing work order' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalId?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: CUSTOM_FIELD_VALUE_SCHEMA,
    description: 'Values of the tenant-defined work-order fields by key, checked as on create (in CSV: `cf.<key>` columns)',
  })
  @IsOptional()
  @IsCustomFields()
  customFields?: CustomFieldsInput;
}

export class ImportWorkOrdersDto {
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: `Rows as ImportWorkOrderRow objects (at most ${MAX_IMPORT_ROWS})` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  @IsObject({ each: true })
  rows!: Array<Record<string, unknown>>;
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'Validate only; nothing is created' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportRowResultDto {
  @ApiProperty({ description: 'Row number, from 1 (for CSV: the line after the header)' })
  row!: number;

  @ApiProperty({ enum: ['created', 'existing', 'valid', 'invalid'] })
  status!: 'created' | 'existing' | 'valid' | 'invalid';

  @ApiPropertyOptional({ format: 'uuid' })
  id?: string;

  @ApiPropertyOptional()
  number?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } })
  errors?: Array<{ field: string; message: string }>;
}

export class ImportResultDto {
  @ApiProperty()
  dryRun!: boolean;

  @ApiProperty()
  created!: number;

  @ApiProperty()
  existing!: number;

  @ApiProperty()
  invalid!: number;

  @ApiProperty({ type: [ImportRowResultDto] })
  rows!: ImportRowResultDto[];
}

