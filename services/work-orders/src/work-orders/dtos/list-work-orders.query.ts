import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CursorPageQuery, IsDateTime } from '@mate/service-kit';
import { CommaSeparated, QueryBoolean, RepeatableQuery } from '../../common/validation';
import {
  WORK_ORDER_PRIORITIES,
  WORK_ORDER_SOURCES,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
  type WorkOrderPriority,
  type WorkOrderSource,
  type WorkOrderStatus,
  type WorkOrderType,
} from '../work-order.model';
import { WORK_ORDER_SORTS, type WorkOrderSort } from './work-order.dtos';

/** Filters shared by the list and the export. */
export class WorkOrderFilterQuery {
  @ApiPropertyOptional({ description: `Comma-separated: ${WORK_ORDER_STATUSES.join(', ')}` })
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @IsIn(WORK_ORDER_STATUSES, { each: true })
  status?: WorkOrderStatus[];

  @ApiPropertyOptional({ description: `Comma-separated: ${WORK_ORDER_PRIORITIES.join(', ')}` })
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @IsIn(WORK_ORDER_PRIORITIES, { each: true })
  priority?: WorkOrderPriority[];

  @ApiPropertyOptional({ description: `Comma-separated: ${WORK_ORDER_TYPES.join(', ')}` })
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @IsIn(WORK_ORDER_TYPES, { each: true })
  type?: WorkOrderType[];

  @ApiPropertyOptional({ description: `Comma-separated: ${WORK_ORDER_SOURCES.join(', ')}` })
  @IsOptional()
  @CommaSeparated()
  @IsArray()
  @IsIn(WORK_ORDER_SOURCES, { each: true })
  source?: WorkOrderSource[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The location and everything below it' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateTime()
  dueAfter?: string;

  @ApiPropertyOptional({ description: 'Not completed and past the due date (true), or not (false)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text in the number, title or description' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Custom field filters `<key>:<op>:<value>`, repeatable (all must match); op one of eq, ne, gt, gte, lt, lte (numbers, dates, text), ' +
      'contains (text). E.g. `cf=crew_size:gte:3&cf=shift:eq:night`',
  })
  @IsOptional()
  @RepeatableQuery()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  cf?: string[];
}

export class ListWorkOrdersQuery extends IntersectionType(WorkOrderFilterQuery, CursorPageQuery) {
  @ApiPropertyOptional({ enum: WORK_ORDER_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(WORK_ORDER_SORTS)
  sort?: WorkOrderSort;
}

export class ExportWorkOrdersQuery extends WorkOrderFilterQuery {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'json' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}
