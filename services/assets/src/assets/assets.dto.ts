import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  Max,
  Min,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  ExportFormatProperty,
  ImportReportBaseDto,
  IsCalendarDate,
  IsDateTime,
  IsPresentNotNull,
  SortedPageQuery,
  type ExportFormat,
} from '@mate/service-kit';
import { toBoolean, toCommaList, toStringList } from '../common/query.transform';
import { ASSET_STATUSES, CRITICALITIES, type AssetStatusName, type Criticality, type DowntimeKindName } from './asset.entity';

const MONEY = /^\d{1,12}(\.\d{1,6})?$/;
const MONEY_MESSAGE = 'must be a non-negative decimal string such as "1250.00"';

export class CreateAssetDto {
  @ApiProperty({ example: 'P-101', description: 'Unique per tenant' })
  @IsString()
  @Length(1, 64)
  @Matches(/^\S(.*\S)?$/, { message: 'tag must not start or end with spaces' })
  tag!: string;

  @ApiProperty({ example: 'Feed pump 1' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ format: 'uuid', description: 'Where the asset is placed' }) @IsUUID() locationId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Parent asset (system) of a component' }) @IsPresentNotNull() @IsUUID() parentId?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional({ example: 'pump' }) @IsPresentNotNull() @IsString() @Length(1, 100) category?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) manufacturer?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) model?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) serialNumber?: string;
  @ApiPropertyOptional({ enum: CRITICALITIES, default: 'C' }) @IsPresentNotNull() @IsIn(CRITICALITIES) criticality?: Criticality;
  @ApiPropertyOptional({ enum: ASSET_STATUSES.filter((s) => s !== 'decommissioned'), default: 'operational' })
  @IsPresentNotNull()
  @IsIn(ASSET_STATUSES.filter((s) => s !== 'decommissioned'))
  status?: AssetStatusName;
  @ApiPropertyOptional({ format: 'date', example: '2024-03-01' }) @IsPresentNotNull() @IsCalendarDate() installDate?: string;
  @ApiPropertyOptional({ example: '12500.00' }) @IsPresentNotNull() @Matches(MONEY, { message: `purchaseCost ${MONEY_MESSAGE}` }) purchaseCost?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsPresentNotNull() @IsCalendarDate() warrantyExpiry?: string;
  @ApiPropertyOptional({ description: 'Barcode / QR code value' }) @IsPresentNotNull() @IsString() @Length(1, 200) barcode?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsPresentNotNull() @IsObject() customFields?: Record<string, unknown>;
}

/** Register fields; null clears an optional one. Status changes go through /status. */
export class UpdateAssetDto {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 64) @Matches(/^\S(.*\S)?$/, { message: 'tag must not start or end with spaces' }) tag?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() parentId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(4000) description?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 100) category?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) manufacturer?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) model?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) serialNumber?: string | null;
  @ApiPropertyOptional({ enum: CRITICALITIES }) @IsPresentNotNull() @IsIn(CRITICALITIES) criticality?: Criticality;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate() installDate?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(MONEY, { message: `purchaseCost ${MONEY_MESSAGE}` }) purchaseCost?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate() warrantyExpiry?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) barcode?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Merged into the current values; null removes one' })
  @IsPresentNotNull()
  @IsObject()
  customFields?: Record<string, unknown>;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: ASSET_STATUSES }) @IsIn(ASSET_STATUSES) status!: AssetStatusName;
  @ApiPropertyOptional({ example: 'Bearing seized' }) @IsPresentNotNull() @IsString() @Length(1, 1000) reason?: string;
  @ApiPropertyOptional({ enum: ['planned', 'unplanned'], description: 'Downtime type when entering a down-type status (default: down → unplanned, maintenance → planned)' })
  @IsPresentNotNull()
  @IsIn(['planned', 'unplanned'])
  downtimeKind?: DowntimeKindName;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() workOrderId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the change happened (default now); not before the previous change, not in the future' })
  @IsPresentNotNull()
  @IsDateTime()
  at?: string;
}

export class RecordDowntimeDto {
  @ApiProperty({ enum: ['planned', 'unplanned'] }) @IsIn(['planned', 'unplanned']) kind!: DowntimeKindName;
  @ApiProperty({ format: 'date-time' }) @IsDateTime() startedAt!: string;
  @ApiProperty({ format: 'date-time' }) @IsDateTime() endedAt!: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 1000) reason?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() workOrderId?: string;
}

export class AvailabilityQueryDto {
  @ApiProperty({ format: 'date-time' }) @IsDateTime() from!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Default now' }) @IsPresentNotNull() @IsDateTime() to?: string;
}

export class ListAssetsQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ type: [String], enum: ASSET_STATUSES, description: 'Comma-separated or repeated' })
  @IsPresentNotNull()
  @Transform(toCommaList)
  @IsIn(ASSET_STATUSES, { each: true })
  status?: AssetStatusName[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Assets anywhere in this location’s subtree' })
  @IsPresentNotNull()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 100) category?: string;

  @ApiPropertyOptional({ type: [String], enum: CRITICALITIES })
  @IsPresentNotNull()
  @Transform(toCommaList)
  @IsIn(CRITICALITIES, { each: true })
  criticality?: Criticality[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Direct components of this asset' }) @IsPresentNotNull() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ description: 'Only top-level assets' }) @IsPresentNotNull() @Transform(toBoolean) @IsBoolean() root?: boolean;

  @ApiPropertyOptional({ description: 'Text search in tag, name, description, serial number, model, barcode' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ type: [String], description: 'Custom field filters `<key>:<op>:<value>` (op: eq, ne, gt, gte, lt, lte, contains), repeatable' })
  @IsPresentNotNull()
  @Transform(toStringList)
  @IsString({ each: true })
  cf?: string[];
}

export class ExportAssetsQueryDto extends ListAssetsQueryDto {
  @ExportFormatProperty() format?: ExportFormat;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ type: [String], enum: ['status', 'downtime', 'reading', 'stock'] })
  @IsPresentNotNull()
  @Transform(toCommaList)
  @IsIn(['status', 'downtime', 'reading', 'stock'], { each: true })
  kinds?: Array<'status' | 'downtime' | 'reading' | 'stock'>;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only entries before this instant' })
  @IsPresentNotNull()
  @IsDateTime()
  before?: string;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s `nextCursor`' })
  @IsPresentNotNull()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsPresentNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AssetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() tag!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ nullable: true, type: String }) manufacturer!: string | null;
  @ApiProperty({ nullable: true, type: String }) model!: string | null;
  @ApiProperty({ nullable: true, type: String }) serialNumber!: string | null;
  @ApiProperty({ enum: CRITICALITIES }) criticality!: Criticality;
  @ApiProperty({ enum: ASSET_STATUSES }) status!: AssetStatusName;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ type: [String], description: 'Ancestor asset ids, root first' }) ancestorIds!: string[];
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) installDate!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '12500' }) purchaseCost!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) warrantyExpiry!: string | null;
  @ApiProperty({ nullable: true, type: String }) barcode!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields!: Record<string, unknown>;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decommissionedAt!: string | null;
}

export class AssetPageDto {
  @ApiProperty({ type: [AssetDto] }) items!: AssetDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class StatusChangeResultDto {
  @ApiProperty({ type: AssetDto }) asset!: AssetDto;
  @ApiProperty({ type: [String], description: 'Warnings, e.g. components still in service after a decommission' }) warnings!: string[];
}

export class DowntimeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assetId!: string;
  @ApiProperty({ enum: ['planned', 'unplanned'] }) kind!: DowntimeKindName;
  @ApiProperty({ enum: ASSET_STATUSES }) status!: AssetStatusName;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) workOrderId!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt!: string | null;
}

export class DowntimePageDto {
  @ApiProperty({ type: [DowntimeDto] }) items!: DowntimeDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class IntervalDto {
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time' }) end!: string;
}

export class AvailabilityDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ description: 'uptime ÷ (uptime + downtime), 0..1' }) availability!: number;
  @ApiProperty() periodSeconds!: number;
  @ApiProperty() uptimeSeconds!: number;
  @ApiProperty({ description: 'Merged: overlapping intervals count once' }) downtimeSeconds!: number;
  @ApiProperty({ description: 'Overlap of planned and unplanned counts as unplanned' }) unplannedDowntimeSeconds!: number;
  @ApiProperty() plannedDowntimeSeconds!: number;
  @ApiProperty({ type: [IntervalDto] }) mergedDowntime!: IntervalDto[];
  @ApiProperty({ example: 'availability = uptime ÷ period; downtime intervals clipped to the period and merged' }) formula!: string;
}

export class HistoryEntryDto {
  @ApiProperty({ enum: ['status', 'downtime', 'reading', 'stock'] }) kind!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'One-line description' }) summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class HistoryDto {
  @ApiProperty({ type: [HistoryEntryDto] }) items!: HistoryEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null on the last page' })
  nextCursor!: string | null;
}

export class AssetExportDto {
  @ApiProperty({ type: [AssetDto] }) items!: AssetDto[];
}

export class AssetImportCreatedDto {
  @ApiProperty({ description: 'Line of the file' }) row!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() tag!: string;
}

export class AssetImportReportDto extends ImportReportBaseDto {
  @ApiProperty({ type: [AssetImportCreatedDto] }) created!: AssetImportCreatedDto[];
}
