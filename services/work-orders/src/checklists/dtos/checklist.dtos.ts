import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { IsDateTime, IsPresentNotNull } from '@mate/service-kit';
import { IsDecimalString } from '../../common/validation';
import { CHECKLIST_ITEM_KINDS, INSPECTION_RESULTS, type ChecklistItemKind, type InspectionResult } from '../../work-orders/checklist-item.entity';

/** The answer to one checklist item; which field is needed depends on the item's kind. */
export class ChecklistResultDto {
  @ApiPropertyOptional({ description: 'sub_task: done or not' })
  @IsPresentNotNull()
  @IsBoolean()
  done?: boolean;

  @ApiPropertyOptional({ example: '3.2', description: 'number and meter_reading: the value, a decimal string' })
  @IsPresentNotNull()
  @IsDecimalString()
  value?: string;

  @ApiPropertyOptional({ description: 'text: the answer' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 5000)
  text?: string;

  @ApiPropertyOptional({ enum: INSPECTION_RESULTS, description: 'inspection: pass, flag or fail' })
  @IsPresentNotNull()
  @IsIn(INSPECTION_RESULTS)
  result?: InspectionResult;

  @ApiPropertyOptional({ description: 'multiple_choice: one of the options' })
  @IsPresentNotNull()
  @IsString()
  @Length(1, 200)
  choice?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'meter_reading: when it was read (default now)' })
  @IsPresentNotNull()
  @IsDateTime()
  readAt?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsPresentNotNull()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ChecklistItemDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty()
  label!: string;

  @ApiProperty({ enum: CHECKLIST_ITEM_KINDS })
  kind!: ChecklistItemKind;

  @ApiProperty()
  required!: boolean;

  @ApiProperty({ nullable: true, type: String })
  min!: string | null;

  @ApiProperty({ nullable: true, type: String })
  max!: string | null;

  @ApiProperty({ nullable: true, type: String })
  unit!: string | null;

  @ApiProperty({ type: [String] })
  options!: string[];

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  meterId!: string | null;

  @ApiProperty({ description: 'Whether the item has an answer (a sub-task only when done)' })
  answered!: boolean;

  @ApiProperty({ nullable: true, type: Boolean })
  done!: boolean | null;

  @ApiProperty({ nullable: true, type: String })
  value!: string | null;

  @ApiProperty({ nullable: true, type: String })
  text!: string | null;

  @ApiProperty({ nullable: true, enum: INSPECTION_RESULTS })
  result!: InspectionResult | null;

  @ApiProperty({ nullable: true, type: String })
  choice!: string | null;

  @ApiProperty({ description: 'A number outside its limits' })
  outOfRange!: boolean;

  @ApiProperty({ nullable: true, type: String })
  note!: string | null;

  @ApiProperty({ nullable: true, type: String })
  answeredBy!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  answeredAt!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Corrective work order created from a failed inspection' })
  followUpWorkOrderId!: string | null;
}

export class ChecklistDto {
  @ApiProperty({ description: 'A failed inspection item creates a corrective follow-up work order' })
  followUpOnFailedInspection!: boolean;

  @ApiProperty({ type: [ChecklistItemDto] })
  items!: ChecklistItemDto[];
}

export class ChecklistSettingsDto {
  @ApiProperty()
  @IsBoolean()
  followUpOnFailedInspection!: boolean;
}
