import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, IsUUID, Length } from 'class-validator';
import { IsPresentNotNull } from '@mate/service-kit';
import { IsDecimalString } from '../../common/validation';
import { CHECKLIST_ITEM_KINDS, type ChecklistItemKind } from '../checklist-item.entity';

/** A checklist item as a new work order or `POST …/checklist/items` gives it. */
export class NewChecklistItemDto {
  @ApiProperty({ example: 'Check the seal for leaks', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  label!: string;

  @ApiProperty({ enum: CHECKLIST_ITEM_KINDS })
  @IsIn(CHECKLIST_ITEM_KINDS)
  kind!: ChecklistItemKind;

  @ApiPropertyOptional({ default: false, description: 'Must be answered before completing' })
  @IsPresentNotNull()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ example: '2.5', description: 'Lower limit of a number item' })
  @IsPresentNotNull()
  @IsDecimalString()
  min?: string;

  @ApiPropertyOptional({ example: '4.0', description: 'Upper limit of a number item' })
  @IsPresentNotNull()
  @IsDecimalString()
  max?: string;

  @ApiPropertyOptional({ example: 'bar' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 50)
  unit?: string;

  @ApiPropertyOptional({ type: [String], description: 'Options of a multiple-choice item (2 to 50)' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The meter of a meter-reading item' })
  @IsPresentNotNull()
  @IsUUID()
  meterId?: string;
}
