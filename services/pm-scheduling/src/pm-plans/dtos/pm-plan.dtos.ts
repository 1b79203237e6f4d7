import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ImportReportBaseDto, IsDateTime } from '@mate/service-kit';

const PRIORITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
const CHECKLIST_KINDS = ['sub_task', 'number', 'text', 'inspection', 'multiple_choice', 'meter_reading'] as const;
const TRIGGER_KINDS = ['calendar', 'meter_interval', 'meter_threshold'] as const;

export class ChecklistItemDto {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500)
  label!: string;

  @ApiProperty({ enum: CHECKLIST_KINDS })
  @IsIn(CHECKLIST_KINDS)
  kind!: (typeof CHECKLIST_KINDS)[number];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ description: 'Decimal string' })
  @IsOptional()
  @Matches(/^-?\d{1,12}(\.\d{1,4})?$/)
  min?: string;

  @ApiPropertyOptional({ description: 'Decimal string' })
  @IsOptional()
  @Matches(/^-?\d{1,12}(\.\d{1,4})?$/)
  max?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 20)
  unit?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  options?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meterId?: string;
}

export class WorkTemplateDto {
  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @Length(0, 10000)
  description?: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'medium' })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: (typeof PRIORITIES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  estimatedDurationMinutes?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  assigneeIds?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ type: [ChecklistItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemDto)
  checklist?: ChecklistItemDto[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  createFollowUpOnFailedInspection?: boolean;
}

export class PlanTargetDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'One or several assets; or category (+ locationId)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  assetIds?: string[];

  @ApiPropertyOptional({ description: 'Every asset of this category (under locationId when given)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  category?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The location subtree of a category target' })
  @IsOptional()
  @IsUUID()
  locationId?: string;
}

export class TriggerDto {
  @ApiProperty({ enum: TRIGGER_KINDS })
  @IsIn(TRIGGER_KINDS)
  kind!: (typeof TRIGGER_KINDS)[number];

  @ApiPropertyOptional({ description: 'calendar: RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2', example: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  rule?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'meter triggers: the meter; or unit' })
  @IsOptional()
  @IsUUID()
  meterId?: string;

  @ApiPropertyOptional({ description: 'meter triggers: each targeted asset\'s meter of this unit, e.g. "h"' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  unit?: string;

  @ApiPropertyOptional({ description: 'meter_interval: units between occurrences' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  every?: number;

  @ApiPropertyOptional({ enum: ['above', 'below'] })
  @IsOptional()
  @IsIn(['above', 'below'])
  direction?: 'above' | 'below';

  @ApiPropertyOptional({ description: 'meter_threshold: the level that fires' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value?: number;

  @ApiPropertyOptional({ description: 'meter_threshold: the level the gauge must return past to re-arm' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  resetAt?: number;
}

export class SeasonDto {
  @ApiProperty({ example: '04-01', description: 'MM-DD' })
  @IsString()
  @Length(5, 5)
  from!: string;

  @ApiProperty({ example: '09-30', description: 'MM-DD; before from wraps over the new year' })
  @IsString()
  @Length(5, 5)
  to!: string;
}

/** The schedule and work of a plan: the body of a create and of an unsaved preview. */
export class PmPlanBodyDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ type: WorkTemplateDto })
  @ValidateNested()
  @Type(() => WorkTemplateDto)
  template!: WorkTemplateDto;

  @ApiProperty({ type: PlanTargetDto })
  @ValidateNested()
  @Type(() => PlanTargetDto)
  target!: PlanTargetDto;

  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone' })
  @IsString()
  @Length(1, 64)
  zone!: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateTime()
  startsAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  endsAt?: string;

  @ApiProperty({ type: [TriggerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TriggerDto)
  triggers!: TriggerDto[];

  @ApiPropertyOptional({ enum: ['any', 'all'], default: 'any' })
  @IsOptional()
  @IsIn(['any', 'all'])
  combine?: 'any' | 'all';

  @ApiPropertyOptional({ enum: ['fixed', 'floating'], default: 'fixed' })
  @IsOptional()
  @IsIn(['fixed', 'floating'])
  anchor?: 'fixed' | 'floating';

  @ApiPropertyOptional({ example: 'P2D', description: 'ISO 8601 duration; default PT0S' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  leadTime?: string;

  @ApiPropertyOptional({ example: 'PT8H', description: 'ISO 8601 duration; default PT0S' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  dueOffset?: string;

  @ApiPropertyOptional({ enum: ['skip_if_open', 'stack', 'replace_open'], default: 'skip_if_open' })
  @IsOptional()
  @IsIn(['skip_if_open', 'stack', 'replace_open'])
  overlap?: 'skip_if_open' | 'stack' | 'replace_open';

  @ApiPropertyOptional({ enum: ['skip_and_log', 'catch_up_one'], default: 'skip_and_log' })
  @IsOptional()
  @IsIn(['skip_and_log', 'catch_up_one'])
  missed?: 'skip_and_log' | 'catch_up_one';

  @ApiPropertyOptional({ type: [SeasonDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => SeasonDto)
  seasons?: SeasonDto[];

  @ApiPropertyOptional({ minimum: 2 })
  @IsOptional()
  @IsInt()
  skipEvery?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The tenant calendar (working days, holidays)' })
  @IsOptional()
  @IsUUID()
  calendarId?: string;
}

export class CreatePmPlanDto extends PmPlanBodyDto {
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class PreviewQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  count?: number;
}

export class PmPlanDto extends CreatePmPlanDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  declare active: boolean;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class PreviewOccurrenceDto {
  @ApiProperty({ format: 'uuid' })
  assetId!: string;

  @ApiProperty({ format: 'date-time' })
  occurrenceAt!: string;

  @ApiProperty({ format: 'date-time' })
  plannedStartAt!: string;

  @ApiProperty({ format: 'date-time' })
  dueAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When its work order will be generated (lead time)' })
  generateAt!: string;
}

export class PreviewDto {
  @ApiProperty({ type: [PreviewOccurrenceDto] })
  items!: PreviewOccurrenceDto[];
}

export class TriggerNowDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this asset\'s stream; every stream when absent' })
  @IsOptional()
  @IsUUID()
  assetId?: string;
}

export class TriggeredDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  occurrenceIds!: string[];
}

export class PmPlanImportCreatedDto {
  @ApiProperty({ description: 'Line of the file (header = 1)' }) row!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class PmPlanImportReportDto extends ImportReportBaseDto {
  @ApiProperty({ type: [PmPlanImportCreatedDto] }) created!: PmPlanImportCreatedDto[];
}
