import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ExportFormatProperty, ImportReportBaseDto, IsPresentNotNull, SortedPageQuery, type ExportFormat } from '@mate/service-kit';
import { toStringList } from '../common/query.transform';
import { MOVEMENT_KINDS } from './inventory.entities';

const QUANTITY = /^\d{1,12}(\.\d{1,6})?$/;
const QUANTITY_MESSAGE = 'must be a non-negative decimal string such as "2" or "1.5"';

export class CreatePartDto {
  @ApiProperty({ example: 'BRG-6204' }) @IsString() @Length(1, 64) @Matches(/^\S(.*\S)?$/, { message: 'sku must not start or end with spaces' }) sku!: string;
  @ApiProperty({ example: 'Bearing 6204-2RS' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(4000) description?: string;
  @ApiProperty({ example: 'ea' }) @IsString() @Length(1, 20) unitOfMeasure!: string;
  @ApiPropertyOptional({ example: '12.50', default: '0' }) @IsPresentNotNull() @Matches(QUANTITY, { message: `unitCost ${QUANTITY_MESSAGE}` }) unitCost?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() preferredVendorId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsPresentNotNull() @IsObject() customFields?: Record<string, unknown>;
}

export class UpdatePartDto {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 64) @Matches(/^\S(.*\S)?$/, { message: 'sku must not start or end with spaces' }) sku?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(4000) description?: string | null;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 20) unitOfMeasure?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @Matches(QUANTITY, { message: `unitCost ${QUANTITY_MESSAGE}` }) unitCost?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() preferredVendorId?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsPresentNotNull() @IsObject() customFields?: Record<string, unknown>;
}

export class ListPartsQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ description: 'Text search in SKU, name and description' }) @IsPresentNotNull() @IsString() @Length(1, 200) q?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() preferredVendorId?: string;
  @ApiPropertyOptional({ type: [String], description: 'Custom field filters `<key>:<op>:<value>`' }) @IsPresentNotNull() @Transform(toStringList) @IsString({ each: true }) cf?: string[];
}

export class ExportPartsQueryDto extends ListPartsQueryDto {
  @ExportFormatProperty() format?: ExportFormat;
}

export class ReceiveStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() storeroomId!: string;
  @ApiProperty({ example: '10' }) @Matches(QUANTITY, { message: `quantity ${QUANTITY_MESSAGE}` }) quantity!: string;
  @ApiPropertyOptional({ example: '12.50' }) @IsPresentNotNull() @Matches(QUANTITY, { message: `unitCost ${QUANTITY_MESSAGE}` }) unitCost?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 500) reason?: string;
}

export class IssueStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() storeroomId!: string;
  @ApiProperty({ example: '2' }) @Matches(QUANTITY, { message: `quantity ${QUANTITY_MESSAGE}` }) quantity!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() workOrderId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The asset the parts go into (shows in its history)' }) @IsPresentNotNull() @IsUUID() assetId?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 500) reason?: string;
}

export class AdjustStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() storeroomId!: string;
  @ApiProperty({ example: '7', description: 'The counted quantity: on hand is set to it' }) @Matches(QUANTITY, { message: `countedQuantity ${QUANTITY_MESSAGE}` }) countedQuantity!: string;
  @ApiProperty({ example: 'cycle count' }) @IsString() @Length(1, 500) reason!: string;
}

export class TransferStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() fromStoreroomId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() toStoreroomId!: string;
  @ApiProperty({ example: '3' }) @Matches(QUANTITY, { message: `quantity ${QUANTITY_MESSAGE}` }) quantity!: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 500) reason?: string;
}

export class SetStockLevelsDto {
  @ApiProperty({ example: '2' }) @Matches(QUANTITY, { message: `minimum ${QUANTITY_MESSAGE}` }) minimum!: string;
  @ApiProperty({ example: '5', description: 'Below this on-hand quantity PartBelowReorderPoint is emitted (once per crossing)' }) @Matches(QUANTITY, { message: `reorderPoint ${QUANTITY_MESSAGE}` }) reorderPoint!: string;
}

export class ListMovementsQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() storeroomId?: string;
  @ApiPropertyOptional({ enum: MOVEMENT_KINDS }) @IsPresentNotNull() @IsIn(MOVEMENT_KINDS) kind?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() workOrderId?: string;
}

export class PartDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() unitOfMeasure!: string;
  @ApiProperty() unitCost!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) preferredVendorId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields!: Record<string, unknown>;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PartPageDto {
  @ApiProperty({ type: [PartDto] }) items!: PartDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PartExportDto {
  @ApiProperty({ type: [PartDto] }) items!: PartDto[];
}

export class PartImportCreatedDto {
  @ApiProperty({ description: 'Line of the file' }) row!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sku!: string;
}

export class PartImportReportDto extends ImportReportBaseDto {
  @ApiProperty({ type: [PartImportCreatedDto] }) created!: PartImportCreatedDto[];
}

export class StockLevelDto {
  @ApiProperty({ format: 'uuid' }) partId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() partName!: string;
  @ApiProperty({ format: 'uuid' }) storeroomId!: string;
  @ApiProperty() storeroomName!: string;
  @ApiProperty() onHand!: string;
  @ApiProperty() reserved!: string;
  @ApiProperty({ description: 'onHand − reserved (never below 0)' }) available!: string;
  @ApiProperty() minimum!: string;
  @ApiProperty() reorderPoint!: string;
  @ApiProperty() belowReorderPoint!: boolean;
}

export class StockLevelListDto {
  @ApiProperty({ type: [StockLevelDto] }) items!: StockLevelDto[];
}

export class MovementDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'uuid' }) partId!: string;
  @ApiProperty({ format: 'uuid' }) storeroomId!: string;
  @ApiProperty({ enum: MOVEMENT_KINDS }) kind!: string;
  @ApiProperty({ description: 'Change of on hand' }) quantity!: string;
  @ApiProperty() reservedChange!: string;
  @ApiProperty() onHandAfter!: string;
  @ApiProperty() reservedAfter!: string;
  @ApiProperty({ nullable: true, type: String }) unitCost!: string | null;
  @ApiProperty({ nullable: true, type: String }) workOrderId!: string | null;
  @ApiProperty({ nullable: true, type: String }) assetId!: string | null;
  @ApiProperty({ nullable: true, type: String }) purchaseOrderId!: string | null;
  @ApiProperty({ nullable: true, type: String }) transferId!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ description: 'Who (token subject, or system:<event>)' }) actor!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
}

export class MovementPageDto {
  @ApiProperty({ type: [MovementDto] }) items!: MovementDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MovementResultDto {
  @ApiProperty({ type: [MovementDto] }) movements!: MovementDto[];
  @ApiProperty({ type: [StockLevelDto] }) levels!: StockLevelDto[];
}

export class ReservationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workOrderId!: string;
  @ApiProperty() lineId!: string;
  @ApiProperty({ format: 'uuid' }) partId!: string;
  @ApiProperty({ format: 'uuid' }) storeroomId!: string;
  @ApiProperty() quantityRequested!: string;
  @ApiProperty() quantityReserved!: string;
  @ApiProperty({ description: 'requested − reserved: what could not be reserved' }) quantityShort!: string;
  @ApiProperty({ enum: ['active', 'released', 'consumed'] }) status!: string;
}

export class ReservationPageDto {
  @ApiProperty({ type: [ReservationDto] }) items!: ReservationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
