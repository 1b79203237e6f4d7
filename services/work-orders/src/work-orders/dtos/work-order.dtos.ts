import { IsDateTime, IsPresentNotNull } from '@mate/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CUSTOM_FIELD_VALUE_OR_NULL_SCHEMA, CUSTOM_FIELD_VALUE_SCHEMA, IsCustomFields } from '../../common/validation';
import {
  WORK_ORDER_PRIORITIES,
  WORK_ORDER_SOURCES,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
  type CustomFields,
  type CustomFieldsInput,
  type WorkOrderPriority,
  type WorkOrderSource,
  type WorkOrderStatus,
  type WorkOrderType,
} from '../work-order.model';
import { NewChecklistItemDto } from './checklist-item.dtos';
import { MAX_CHECKLIST_ITEMS } from '../checklist-rules';

export class AttachmentDto {
  @ApiProperty({ example: 'leak.jpg', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ example: 'https://files.example.com/leak.jpg', maxLength: 2000 })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  contentType?: string;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  sizeBytes?: number;
}

export class FailureCodesDto {
  @ApiPropertyOptional({ type: String, example: 'LEAK', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  problem?: string | null;

  @ApiPropertyOptional({ type: String, example: 'SEAL_WEAR', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  cause?: string | null;

  @ApiPropertyOptional({ type: String, example: 'REPLACED', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  remedy?: string | null;
}

export class DowntimeDto {
  @ApiProperty({ format: 'date-time', description: 'When the asset stopped' })
  @IsDateTime()
  startedAt!: string;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, description: 'When it was restored' })
  @IsOptional()
  @IsDateTime()
  endedAt?: string | null;

  @ApiPropertyOptional({ description: 'Planned (e.g. a PM shutdown) rather than a failure', default: false })
  @IsOptional()
  @IsBoolean()
  planned?: boolean;
}

export class CreateWorkOrderDto {
  @ApiProperty({ example: 'Replace the pump seal', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ enum: WORK_ORDER_TYPES })
  @IsIn(WORK_ORDER_TYPES)
  type!: WorkOrderType;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES, default: 'none' })
  @IsOptional()
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;

  @ApiPropertyOptional({ format: 'uuid', description: 'An asset known from the assets service; not decommissioned' })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Defaults to the asset's location" })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Technicians (user ids, the `sub` of their tokens)' })
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

  @ApiPropertyOptional({ description: 'Who asked for the work' })
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

  @ApiPropertyOptional({ minimum: 0, maximum: 525600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525_600)
  estimatedDurationMinutes?: number;

  @ApiPropertyOptional({ type: FailureCodesDto, description: 'Corrective and emergency work only' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FailureCodesDto)
  failureCodes?: FailureCodesDto;

  @ApiPropertyOptional({ enum: ['manual', 'connector'], default: 'manual' })
  @IsOptional()
  @IsIn(['manual', 'connector'])
  source?: 'manual' | 'connector';

  @ApiPropertyOptional({ description: 'External reference (connector work): unique per tenant and source' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  sourceRef?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: CUSTOM_FIELD_VALUE_SCHEMA,
    example: { shift: 'night', crew_size: 3 },
    description:
      'Values of the tenant-defined fields (`GET /work-orders/custom-fields?entityType=work_order`) by key; required ones must be given. ' +
      'Unknown keys and values of the wrong type answer 400 naming `customFields.<key>`',
  })
  @IsOptional()
  @IsCustomFields()
  customFields?: CustomFieldsInput;

  @ApiPropertyOptional({ type: [NewChecklistItemDto], maxItems: MAX_CHECKLIST_ITEMS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CHECKLIST_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => NewChecklistItemDto)
  checklist?: NewChecklistItemDto[];

  @ApiPropertyOptional({ description: 'A failed inspection item creates a corrective follow-up work order' })
  @IsOptional()
  @IsBoolean()
  followUpOnFailedInspection?: boolean;
}

/** PATCH: every field optional; `null` clears a clearable field. */
export class UpdateWorkOrderDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsPresentNotNull()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ enum: WORK_ORDER_TYPES })
  @IsPresentNotNull()
  @IsIn(WORK_ORDER_TYPES)
  type?: WorkOrderType;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES })
  @IsPresentNotNull()
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assetId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  assigneeIds?: string[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  teamId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  requesterId?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  @IsOptional()
  @IsDateTime()
  dueAt?: string | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  @IsOptional()
  @IsDateTime()
  plannedStartAt?: string | null;

  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: 525600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525_600)
  estimatedDurationMinutes?: number | null;

  @ApiPropertyOptional({ type: FailureCodesDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FailureCodesDto)
  failureCodes?: FailureCodesDto | null;

  @ApiPropertyOptional({ type: DowntimeDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DowntimeDto)
  downtime?: DowntimeDto | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: CUSTOM_FIELD_VALUE_OR_NULL_SCHEMA,
    example: { crew_size: 4, permit_no: null },
    description: 'Merged into the current values: given keys are set, `null` removes a value (not a required one), other keys stay',
  })
  @IsPresentNotNull()
  @IsCustomFields()
  customFields?: CustomFieldsInput;

  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsBoolean()
  followUpOnFailedInspection?: boolean;
}

export const WORK_ORDER_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'dueAt',
  '-dueAt',
  'priority',
  '-priority',
  'number',
  '-number',
] as const;
export type WorkOrderSort = (typeof WORK_ORDER_SORTS)[number];

export class FailureCodesViewDto {
  @ApiProperty({ nullable: true, type: String })
  problem!: string | null;

  @ApiProperty({ nullable: true, type: String })
  cause!: string | null;

  @ApiProperty({ nullable: true, type: String })
  remedy!: string | null;
}

export class DowntimeViewDto {
  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  endedAt!: string | null;

  @ApiProperty()
  planned!: boolean;
}

export class PmReferenceDto {
  @ApiProperty()
  planId!: string;

  @ApiProperty()
  occurrenceId!: string;

  @ApiProperty({ description: 'Generated for a missed occurrence (the plan\'s catch_up_one policy): late work, not the current cycle' })
  catchUp!: boolean;
}

export class CostTotalsDto {
  @ApiProperty()
  labourMinutes!: number;

  @ApiProperty({ example: '120.00' })
  labourCost!: string;

  @ApiProperty({ example: '45.00' })
  partsCost!: string;

  @ApiProperty({ example: '0.00' })
  otherCost!: string;

  @ApiProperty({ example: '165.00' })
  totalCost!: string;
}

export class WorkOrderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'WO-000123' })
  number!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: WORK_ORDER_TYPES })
  type!: WorkOrderType;

  @ApiProperty({ enum: WORK_ORDER_PRIORITIES })
  priority!: WorkOrderPriority;

  @ApiProperty({ enum: WORK_ORDER_STATUSES })
  status!: WorkOrderStatus;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  assetId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  locationId!: string | null;

  @ApiProperty({ type: [String] })
  assigneeIds!: string[];

  @ApiProperty({ nullable: true, type: String })
  teamId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  requesterId!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  dueAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  plannedStartAt!: string | null;

  @ApiProperty({ nullable: true, type: Number })
  estimatedDurationMinutes!: number | null;

  @ApiProperty({ type: FailureCodesViewDto })
  failureCodes!: FailureCodesViewDto;

  @ApiProperty({ enum: WORK_ORDER_SOURCES })
  source!: WorkOrderSource;

  @ApiProperty({ nullable: true, type: String })
  sourceRef!: string | null;

  @ApiProperty({ type: PmReferenceDto, nullable: true })
  pm!: PmReferenceDto | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  requestId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  parentWorkOrderId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: CUSTOM_FIELD_VALUE_SCHEMA,
    description: 'Values of the tenant-defined fields by key',
  })
  customFields!: CustomFields;

  @ApiProperty({ type: [AttachmentDto], description: 'Metadata of attached files (e.g. from the work request)' })
  attachments!: AttachmentDto[];

  @ApiProperty({ type: DowntimeViewDto, nullable: true })
  downtime!: DowntimeViewDto | null;

  @ApiProperty()
  followUpOnFailedInspection!: boolean;

  @ApiProperty({ description: 'Incremented on every change; the ETag' })
  version!: number;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'First meaningful response (MTTA)' })
  firstResponseAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completedAt!: string | null;

  @ApiProperty({ nullable: true, type: String })
  completedBy!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  cancelledAt!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Reason of the last hold, cancellation or reopening' })
  statusReason!: string | null;

  @ApiPropertyOptional({ type: CostTotalsDto, description: 'Only on GET /work-orders/{id}' })
  totals?: CostTotalsDto;
}

export class WorkOrderPageDto {
  @ApiProperty({ type: [WorkOrderDto] })
  items!: WorkOrderDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}
