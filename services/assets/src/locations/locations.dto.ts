import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsLatitude,
  IsLongitude,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ExportFormatProperty, ImportReportBaseDto, IsPresentNotNull, SortedPageQuery, type ExportFormat } from '@mate/service-kit';
import { toBoolean, toStringList } from '../common/query.transform';

export class AddressDto {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(200) line1?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(200) line2?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(100) city?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(100) region?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @MaxLength(20) postalCode?: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2' }) @IsPresentNotNull() @IsString() @Length(2, 2) country?: string;
}

export class CreateLocationDto {
  @ApiProperty({ example: 'North plant' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Parent location; omit for a root (a site)' })
  @IsPresentNotNull()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ example: 'site', description: 'Free level name: site, building, area, line …', default: 'area' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 40)
  kind?: string;

  @ApiPropertyOptional({ example: 'NP', description: 'Unique among its siblings (same parent, or both top-level), case-sensitive; 409 LOCATION_CODE_TAKEN otherwise' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 40)
  code?: string;

  @ApiPropertyOptional({ default: false, description: 'Holds stock (appears under /storerooms)' })
  @IsPresentNotNull()
  @IsBoolean()
  isStoreroom?: boolean;

  @ApiPropertyOptional({ type: AddressDto })
  @IsPresentNotNull()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ example: 52.37 })
  @IsPresentNotNull()
  @IsLatitude()
  latitude?: number;

  @ApiPropertyOptional({ example: 4.89 })
  @IsPresentNotNull()
  @IsLongitude()
  longitude?: number;

  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Values of the tenant’s location custom fields' })
  @IsPresentNotNull()
  @IsObject()
  customFields?: Record<string, unknown>;
}

export class UpdateLocationDto {
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 40) kind?: string;
  @ApiPropertyOptional({ nullable: true, description: 'Unique among its siblings, case-sensitive (409 LOCATION_CODE_TAKEN); null clears it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 40)
  code?: string | null;
  @ApiPropertyOptional() @IsPresentNotNull() @IsBoolean() isStoreroom?: boolean;
  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsLatitude() latitude?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsLongitude() longitude?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(4000) description?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Merged into the current values; null removes one' })
  @IsPresentNotNull()
  @IsObject()
  customFields?: Record<string, unknown>;
}

export class MoveLocationDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The new parent; null makes the location a root' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentId!: string | null;
}

export class ListLocationsQueryDto extends SortedPageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Direct children of this location' })
  @IsPresentNotNull()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Only roots (sites)' })
  @IsPresentNotNull()
  @Transform(toBoolean)
  @IsBoolean()
  root?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'The whole subtree of this location (itself included)' })
  @IsPresentNotNull()
  @IsUUID()
  subtreeOf?: string;

  @ApiPropertyOptional() @IsPresentNotNull() @IsString() @Length(1, 40) kind?: string;

  @ApiPropertyOptional() @IsPresentNotNull() @Transform(toBoolean) @IsBoolean() isStoreroom?: boolean;

  @ApiPropertyOptional({ description: 'Text search in name, code and description' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ type: [String], description: 'Custom field filters `<key>:<op>:<value>` (op: eq, ne, gt, gte, lt, lte, contains)' })
  @IsPresentNotNull()
  @Transform(toStringList)
  @IsString({ each: true })
  cf?: string[];
}

export class LocationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ type: [String], description: 'Ancestor ids, root first' }) ancestorIds!: string[];
  @ApiProperty() depth!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
  @ApiProperty() kind!: string;
  @ApiProperty() isStoreroom!: boolean;
  @ApiProperty({ type: AddressDto, nullable: true }) address!: AddressDto | null;
  @ApiProperty({ nullable: true, type: Number }) latitude!: number | null;
  @ApiProperty({ nullable: true, type: Number }) longitude!: number | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields!: Record<string, unknown>;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class LocationPageDto {
  @ApiProperty({ type: [LocationDto] }) items!: LocationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class LocationListDto {
  @ApiProperty({ type: [LocationDto] }) items!: LocationDto[];
}

export class ExportLocationsQueryDto extends ListLocationsQueryDto {
  @ExportFormatProperty() format?: ExportFormat;
}

export class LocationExportDto {
  @ApiProperty({ type: [LocationDto] }) items!: LocationDto[];
}

export class LocationImportCreatedDto {
  @ApiProperty({ description: 'Line of the file' }) row!: number;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
}

export class LocationImportReportDto extends ImportReportBaseDto {
  @ApiProperty({ type: [LocationImportCreatedDto] }) created!: LocationImportCreatedDto[];
}
