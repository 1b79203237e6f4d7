import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsDateTime } from '@mate/service-kit';
import { SYNC_MODES, SYNC_RUN_STATUSES, type SyncMode } from '../sync.types';

export const MAX_RECORDS_PAGE = 200;

export class RequestSyncDto {
  @ApiProperty({ description: 'A unified entity (workOrder, asset, …) or `custom:<name>` for a custom object of the connection' })
  @IsString()
  @Length(1, 120)
  @Matches(/^(workOrder|asset|location|purchaseOrder|part|vendor|user|custom:[A-Za-z0-9_-]{1,100})$/, { message: 'entity must be a unified entity or custom:<name>' })
  entity!: string;

  @ApiProperty({ enum: SYNC_MODES, description: '`full` reads every record and detects deletes by comparing generations; `incremental` reads what changed since the last run where the system can filter' })
  @IsIn(SYNC_MODES)
  mode!: SyncMode;
}

export class SyncScheduleDto {
  @ApiProperty({ enum: SYNC_MODES })
  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @ApiProperty({ minimum: 60, maximum: 604800, description: 'Seconds between runs' })
  @IsInt()
  @Min(60)
  @Max(604_800)
  intervalSeconds!: number;
}

export class SyncScheduleViewDto {
  @ApiProperty() entity!: string;
  @ApiProperty({ enum: SYNC_MODES }) mode!: string;
  @ApiProperty() intervalSeconds!: number;
  @ApiProperty({ format: 'date-time' }) nextRunAt!: string;
}

export class SyncProgressDto {
  @ApiProperty() pagesDone!: number;
  @ApiProperty() recordsDone!: number;
  @ApiProperty({ description: 'Records new or changed, stored and published' }) upserted!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'Records found deleted upstream' }) deleted!: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Records the listing holds, where the system gives a total' }) totalEstimate!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) remainingEstimate!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'At the run’s pace so far' }) remainingSecondsEstimate!: number | null;
}

export class SyncRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) connectionId!: string;
  @ApiProperty() entity!: string;
  @ApiProperty({ enum: SYNC_MODES }) mode!: string;
  @ApiProperty({ enum: ['full_scan', 'modified_since'] }) scan!: string;
  @ApiProperty({ enum: ['deleted_flag', 'full_scan_compare'] }) deleteStrategy!: string;
  @ApiProperty({ enum: ['manual', 'schedule'] }) trigger!: string;
  @ApiProperty({ enum: SYNC_RUN_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) modifiedSince!: string | null;
  @ApiProperty({ type: SyncProgressDto }) progress!: SyncProgressDto;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'The stopped run this one resumed from its checkpoint' }) resumedFrom!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) checkpointAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
}

export class SyncRunPageDto {
  @ApiProperty({ type: [SyncRunDto] }) items!: SyncRunDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RecordsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RECORDS_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RECORDS_PAGE)
  page_size?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor: the `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Add each record’s raw remote_data' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_remote_data?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only records the store changed (new, changed or deleted) after this time' })
  @IsOptional()
  @IsDateTime()
  modified_after?: string;
}

export class RecordQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  include_remote_data?: boolean;
}

export class UnifiedRecordPageDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Unified records: common fields, remote_id, remote_updated_at, remote_deleted, custom_fields, remote_data on request' })
  items!: Record<string, unknown>[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
