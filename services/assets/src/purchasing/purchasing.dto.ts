import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { toCommaList } from '../common/query.transform';
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatusName } from './purchasing.entities';
import { IsCalendarDate, IsPresentNotNull, SortedPageQuery } from '@mate/service-kit';

const QUANTITY = /^\d{1,12}(\.\d{1,6})?$/;

export class CreateVendorDto {
  @ApiProperty({ example: 'Bearings & Co' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 50) phone?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(1000) address?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(4000) notes?: string;
}

export class UpdateVendorDto {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(320) email?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 50) phone?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000) address?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(4000) notes?: string | null;
}

export class ListVendorsQueryDto extends SortedPageQuery {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) q?: string;
}

export class VendorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class VendorPageDto {
  @ApiProperty({ type: [VendorDto] }) items!: VendorDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PurchaseOrderLineInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() partId!: string;
  @ApiProperty({ example: '10' }) @Matches(QUANTITY, { message: 'quantity must be a positive decimal string such as "10"' }) quantity!: string;
  @ApiPropertyOptional({ example: '4.20', description: 'Default: the part’s unit cost' }) @IsPresentNotNull() @Matches(QUANTITY, { message: 'unitCost must be a non-negative decimal string' }) unitCost?: string;
}

export class CreatePurchaseOrderDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() vendorId!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Default storeroom for receipts' }) @IsPresentNotNull() @IsUUID() storeroomId?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsPresentNotNull() @IsCalendarDate() expectedAt?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(4000) notes?: string;
  @ApiProperty({ type: [PurchaseOrderLineInputDto], description: 'At least one line; the order and its lines are created together or not at all' })
  @IsArray()
  @ArrayMinSize(1, { message: 'a purchase order needs at least one line' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineInputDto)
  lines!: PurchaseOrderLineInputDto[];
}

export class UpdatePurchaseOrderDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() vendorId?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() storeroomId?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate() expectedAt?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(4000) notes?: string | null;
  @ApiPropertyOptional({ type: [PurchaseOrderLineInputDto], description: 'Replaces every line' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMinSize(1, { message: 'a purchase order needs at least one line' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineInputDto)
  lines?: PurchaseOrderLineInputDto[];
}

export class TransitionDto {
  @ApiPropertyOptional({ description: 'Required to reject or cancel' }) @IsPresentNotNull() @IsString() @Length(1, 1000) reason?: string;
}

export class ReceiptLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() lineId!: string;
  @ApiProperty({ example: '4' }) @Matches(QUANTITY, { message: 'quantity must be a positive decimal string' }) quantity!: string;
}

export class ReceivePurchaseOrderDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the order’s storeroom' }) @IsPresentNotNull() @IsUUID() storeroomId?: string;
  @ApiProperty({ type: [ReceiptLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ReceiptLineDto)
  lines!: ReceiptLineDto[];
}

export class ListPurchaseOrdersQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ type: [String], enum: PURCHASE_ORDER_STATUSES }) @IsPresentNotNull() @Transform(toCommaList) @IsIn(PURCHASE_ORDER_STATUSES, { each: true }) status?: PurchaseOrderStatusName[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentNotNull() @IsUUID() vendorId?: string;
}

export class PurchaseOrderLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() lineNo!: number;
  @ApiProperty({ format: 'uuid' }) partId!: string;
  @ApiProperty() quantity!: string;
  @ApiProperty() unitCost!: string;
  @ApiProperty() quantityReceived!: string;
  @ApiProperty() lineTotal!: string;
}

export class PurchaseOrderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'PO-000042' }) number!: string;
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty({ enum: PURCHASE_ORDER_STATUSES }) status!: PurchaseOrderStatusName;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) storeroomId!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) expectedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty() total!: string;
  @ApiProperty({ description: 'True once approved: only receiving is allowed' }) locked!: boolean;
  @ApiProperty({ type: [PurchaseOrderLineDto] }) lines!: PurchaseOrderLineDto[];
  @ApiProperty() createdBy!: string;
  @ApiProperty({ nullable: true, type: String }) approvedBy!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PurchaseOrderPageDto {
  @ApiProperty({ type: [PurchaseOrderDto] }) items!: PurchaseOrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
