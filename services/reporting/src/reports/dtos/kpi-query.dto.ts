import { IsDateTime } from '@mate/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ALERT_SEVERITIES, GRANULARITIES, WORK_TYPES, type AlertSeverity, type Granularity, type WorkType } from '../../kpis';

/** `?x=a,b` or `?x=a&x=b` → a list; anything else is left for the validator to reject. */
function toList({ value }: TransformFnParams): unknown {
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter(Boolean);
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item]));
  return value;
}

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const CRITICALITIES = ['A', 'B', 'C'];

/** The period and filters of a figure; unknown parameters are refused (400 naming them). */
export class KpiQueryDto {
  @ApiProperty({ description: 'Start of the period (inclusive), RFC 3339', example: '2026-03-01T00:00:00Z' })
  @IsDateTime()
  from!: string;

  @ApiProperty({ description: 'End of the period (exclusive), RFC 3339; after `from`, at most 366 days later', example: '2026-04-01T00:00:00Z' })
  @IsDateTime()
  to!: string;

  @ApiPropertyOptional({ description: 'A location: its whole subtree' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Asset ids (comma-separated or repeated)' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(500)
  @IsUUID(undefined, { each: true })
  assetIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Asset categories, e.g. pump' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  categories?: string[];

  @ApiPropertyOptional({ type: [String], enum: CRITICALITIES, description: 'Asset criticalities' })
  @IsOptional()
  @Transform(toList)
  @IsIn(CRITICALITIES, { each: true })
  criticalities?: string[];

  @ApiPropertyOptional({ type: [String], enum: WORK_TYPES, description: 'Work types (downtime: of its work order)' })
  @IsOptional()
  @Transform(toList)
  @IsIn(WORK_TYPES, { each: true })
  workTypes?: WorkType[];

  @ApiPropertyOptional({ type: [String], description: 'connection-health only: connections to these systems, e.g. maximo' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  systems?: string[];

  @ApiPropertyOptional({ type: [String], enum: ALERT_SEVERITIES, description: 'alert-volume only: alert severities' })
  @IsOptional()
  @Transform(toList)
  @IsIn(ALERT_SEVERITIES, { each: true })
  severities?: AlertSeverity[];

  @ApiPropertyOptional({ type: [String], description: 'alert-volume only: alert types, e.g. connection.reauth_required' })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  alertTypes?: string[];

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class KpiTrendQueryDto extends KpiQueryDto {
  @ApiProperty({ enum: GRANULARITIES, description: 'One point per UTC day, ISO week or month' })
  @IsIn(GRANULARITIES)
  granularity!: Granularity;
}
