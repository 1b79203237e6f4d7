import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsPresentNotNull } from '../errors/is-present-not-null';
import { IMPORT_MODES, type ImportMode } from './csv-importer';
import { EXPORT_FORMATS, type ExportFormat } from './export-streamer';

/** `?mode=` of every CSV import. */
export class ImportQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'all-or-nothing' })
  @IsPresentNotNull()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Line of the file (header = 1)' }) row!: number;
  @ApiPropertyOptional({ description: 'The column (or DTO field, e.g. customFields.<key>) at fault' }) field?: string;
  @ApiProperty() message!: string;
}

/** The report shape of every CSV import; each resource adds its `created` entries. */
export class ImportReportBaseDto {
  @ApiProperty({ enum: IMPORT_MODES }) mode!: ImportMode;
  @ApiProperty({ description: 'Data rows in the file' }) total!: number;
  @ApiProperty() imported!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [ImportRowErrorDto] }) errors!: ImportRowErrorDto[];
}

/** The `format` query parameter of every export (declared on the resource's list query). */
export function ExportFormatProperty(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'json' }), IsOptional(), IsIn(EXPORT_FORMATS));
}

export type { ExportFormat };
