import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateTime, IsPresentNotNull, ProblemException, SortedPageQuery } from '@mate/service-kit';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { METER_KINDS, type MeterKindName } from './meter.entity';

/** The hard ceiling of one bulk request (the configured limit may be lower). */
export const BULK_READINGS_CEILING = 50_000;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

export class CreateMeterDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() assetId!: string;
  @ApiProperty({ example: 'Run hours' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: METER_KINDS, description: 'cumulative (run hours, odometer, cycles) or gauge (temperature, pressure, vibration)' })
  @IsIn(METER_KINDS)
  kind!: MeterKindName;
  @ApiProperty({ example: 'h' }) @IsString() @Length(1, 20) unit!: string;
}

export class UpdateMeterDto {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 20) unit?: string;
}

export class ListMetersQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() assetId?: string;
  @ApiPropertyOptional({ enum: METER_KINDS }) @IsPresentNotNull() @IsIn(METER_KINDS) kind?: MeterKindName;
}

export class RecordReadingDto {
  @ApiProperty({ example: '1520.5', description: 'Decimal string' }) @Matches(DECIMAL, { message: 'value must be a decimal string such as "1520.5"' }) value!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was read; at most a few minutes in the future (clock skew)' }) @IsDateTime() readAt!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() workOrderId?: string;
}

export class RecordResetDto {
  @ApiProperty({ example: '0', description: 'The new baseline (the replacement meter’s reading)' }) @Matches(DECIMAL, { message: 'value must be a decimal string such as "0"' }) value!: string;
  @ApiProperty({ format: 'date-time', description: 'Later than the latest reading' }) @IsDateTime() readAt!: string;
  @ApiPropertyOptional({ example: 'meter replaced' }) @IsPresentNotNull() @IsString() @Length(1, 500) reason?: string;
}

export class BulkReadingRowDto {
  @ApiProperty({ format: 'uuid' }) meterId!: string;
  @ApiProperty({ oneOf: [{ type: 'string', example: '1520.5' }, { type: 'number' }] }) value!: string;
  @ApiProperty({ format: 'date-time' }) readAt!: string;
  @ApiPropertyOptional({ format: 'uuid' }) workOrderId?: string;
}

export class BulkReadingsDto {
  @ApiProperty({ type: [BulkReadingRowDto], description: 'Up to 20,000 readings (configurable); each row is validated on its own and answered in `results`', maxItems: 20000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_READINGS_CEILING)
  readings!: unknown[];
}

export class ListReadingsQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ format: 'date-time' }) @IsPresentNotNull() @IsDateTime() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsPresentNotNull() @IsDateTime() to?: string;
}

export class MeterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: METER_KINDS }) kind!: MeterKindName;
  @ApiProperty() unit!: string;
  @ApiProperty({ nullable: true, type: String }) lastValue!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastReadAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Cumulative meters: total across resets' }) lifetimeTotal!: string | null;
  @ApiProperty() readingCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MeterPageDto {
  @ApiProperty({ type: [MeterDto] }) items!: MeterDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReadingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meterId!: string;
  @ApiProperty({ format: 'date-time' }) readAt!: string;
  @ApiProperty() value!: string;
  @ApiProperty({ nullable: true, type: String }) delta!: string | null;
  @ApiProperty({ nullable: true, type: String }) lifetimeTotal!: string | null;
  @ApiProperty() isReset!: boolean;
  @ApiProperty({ nullable: true, type: String }) workOrderId!: string | null;
  @ApiProperty() source!: string;
  @ApiProperty() recordedBy!: string;
}

export class ReadingPageDto {
  @ApiProperty({ type: [ReadingDto] }) items!: ReadingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RecordReadingResultDto {
  @ApiProperty({ enum: ['recorded', 'duplicate'], description: 'duplicate: the same value was already recorded for this meter and instant (idempotent)' }) status!: 'recorded' | 'duplicate';
  @ApiProperty({ format: 'uuid' }) readingId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) delta?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lifetimeTotal?: string | null;
}

export class BulkRowResultDto {
  @ApiProperty({ description: 'Position in the request' }) index!: number;
  @ApiProperty({ enum: ['recorded', 'duplicate', 'rejected'] }) status!: 'recorded' | 'duplicate' | 'rejected';
  @ApiPropertyOptional({ format: 'uuid' }) readingId?: string;
  @ApiPropertyOptional({ enum: ['invalid', 'meter_not_found', 'future', 'decreasing', 'conflict', 'reset_not_allowed'] }) code?: string;
  @ApiPropertyOptional() error?: string;
}

export class BulkReadingsResultDto {
  @ApiProperty() recorded!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: [BulkRowResultDto] }) results!: BulkRowResultDto[];
}

/** The `readings` of a bulk body, checked like BulkReadingsDto would be (the rows are checked one by one later). */
export function bulkRows(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ProblemException.validation([{ field: '(body)', message: 'the body must be an object with `readings`' }]);
  }
  const record = body as Record<string, unknown>;
  const errors = Object.keys(record)
    .filter((key) => key !== 'readings')
    .map((key) => ({ field: key, message: `property ${key} should not exist` }));
  const readings = record.readings;
  if (!Array.isArray(readings)) errors.push({ field: 'readings', message: 'readings must be an array' });
  else if (readings.length === 0) errors.push({ field: 'readings', message: 'readings must contain at least 1 elements' });
  else if (readings.length > BULK_READINGS_CEILING) errors.push({ field: 'readings', message: `readings must contain no more than ${BULK_READINGS_CEILING} elements` });
  if (errors.length > 0) throw ProblemException.validation(errors);
  return readings as unknown[];
}
