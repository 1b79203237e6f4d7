import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CursorPageQuery, IsDateTime } from '@mate/service-kit';
import { CommaSeparated, CUSTOM_FIELD_VALUE_OR_NULL_SCHEMA, CUSTOM_FIELD_VALUE_SCHEMA, IsCustomFields, RepeatableQuery } from '../../common/validation';
import { AttachmentDto } from '../../work-orders/dtos/work-order.dtos';
import {
  WORK_ORDER_PRIORITIES,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
  type CustomFields,
  type CustomFieldsInput,
  type WorkOrderPriority,
  type WorkOrderStatus,
  type WorkOrderType,
} from '../../work-orders/work-order.model';

import { WORK_REQUEST_STATUSES, type WorkRequestStatus } from '../work-request.entity';

export class ContactDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsString()
  @Length(3, 50)
  phone?: string;
}

export class SubmitWorkRequestDto {
  @ApiProperty({ example: 'Water leaking under pump 3', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES, default: 'none' })
  @IsOptional()
  @IsIn(WORK_ORDER_PRIORITIES)
  priorityHint?: WorkOrderPriority;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: CUSTOM_FIELD_VALUE_SCHEMA,
    description:
      'Values of the tenant-defined request fields (`GET /work-orders/custom-fields?entityType=work_request`) by key; required ones must be given',
  })
  @IsOptional()
  @IsCustomFields()
  customFields?: CustomFieldsInput;
}

/** What the planner decides when approving; defaults come from the request. */
export class ApproveWorkRequestDto {
  @ApiPropertyOptional({ enum: WORK_ORDER_TYPES, default: 'corrective' })
  @IsOptional()
  @IsIn(WORK_ORDER_TYPES)
  type?: WorkOrderType;

  @ApiPropertyOptional({ enum: WORK_ORDER_PRIORITIES, description: "Defaults to the requester's hint" })
  @IsOptional()
  @IsIn(WORK_ORDER_PRIORITIES)
  priority?: WorkOrderPriority;

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

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  dueAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 525600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(525_600)
  estimatedDurationMinutes?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: CUSTOM_FIELD_VALUE_OR_NULL_SCHEMA,
    description:
      "The work order's custom fields. The request's values are carried over where a work-order field has the same key and accepts " +
      'the value; values given here win (`null` drops a carried one); required work-order fields must end up with a value',
  })
  @IsOptional()
  @IsCustomFields()
  customFields?: CustomFieldsInput;
}

export class RejectWorkRequestDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class ListWorkRequestsQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: `Comma-separated: ${WORK_REQUEST_STATUSES.join(', ')}` })
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @IsIn(WORK_REQUEST_STATUSES, { each: true })
  status?: WorkRequestStatus[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Custom field filters `<key>:<op>:<value>` on the request fields, repeatable; as on `GET /work-orders`',
  })
  @IsOptional()
  @RepeatableQuery()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  cf?: string[];
}

export class RequestWorkOrderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'WO-000123' })
  number!: string;

  @ApiProperty({ enum: WORK_ORDER_STATUSES, description: 'Progress of the work, visible to the requester' })
  status!: WorkOrderStatus;
}

export class WorkRequestDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  assetId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  locationId!: string | null;

  @ApiProperty({ enum: WORK_ORDER_PRIORITIES })
  priorityHint!: WorkOrderPriority;

  @ApiProperty({ type: ContactDto, nullable: true })
  contact!: ContactDto | null;

  @ApiProperty({ type: [AttachmentDto] })
  attachments!: AttachmentDto[];

  @ApiProperty({ type: 'object', additionalProperties: CUSTOM_FIELD_VALUE_SCHEMA, description: 'Values of the tenant-defined request fields by key' })
  customFields!: CustomFields;

  @ApiProperty()
  requesterId!: string;

  @ApiProperty({ enum: WORK_REQUEST_STATUSES })
  status!: WorkRequestStatus;

  @ApiProperty({ nullable: true, type: String })
  rejectionReason!: string | null;

  @ApiProperty({ type: RequestWorkOrderDto, nullable: true })
  workOrder!: RequestWorkOrderDto | null;

  @ApiProperty({ nullable: true, type: String })
  decidedBy!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  decidedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class WorkRequestPageDto {
  @ApiProperty({ type: [WorkRequestDto] })
  items!: WorkRequestDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;
}
