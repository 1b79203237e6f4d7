import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { IsDecimalString } from '../../common/validation';
import { IsDateTime } from '@mate/service-kit';

// The limits of the columns they are stored in (numeric(p, s): p - s digits before the point, s after).
/** labour_entries.hourly_rate numeric(12, 2) */
const HOURLY_RATE = { integerDigits: 10, fractionDigits: 2, nonNegative: true } as const;
/** part_lines.quantity numeric(14, 3), check (quantity > 0) */
const QUANTITY = { integerDigits: 11, fractionDigits: 3, positive: true } as const;
/** part_lines.unit_cost numeric(14, 4) */
const UNIT_COST = { integerDigits: 10, fractionDigits: 4, nonNegative: true } as const;
/** other_costs.amount numeric(14, 2) */
const AMOUNT = { integerDigits: 12, fractionDigits: 2, nonNegative: true } as const;

export class LogLabourDto {
  @ApiPropertyOptional({ description: 'Defaults to the caller; technicians log only their own time' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  technicianId?: string;

  @ApiProperty({ minimum: 1, maximum: 1440, description: 'Duration in minutes' })
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes!: number;

  @ApiProperty({ example: '45.00', description: 'Hourly rate, a non-negative decimal string: at most 10 digits before and 2 after the point' })
  @IsDecimalString(HOURLY_RATE)
  hourlyRate!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the work started' })
  @IsOptional()
  @IsDateTime()
  startedAt?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class StartTimerDto {
  @ApiPropertyOptional({ description: 'Defaults to the caller; technicians time only themselves' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  technicianId?: string;

  @ApiProperty({ example: '45.00', description: 'Hourly rate, a non-negative decimal string: at most 10 digits before and 2 after the point' })
  @IsDecimalString(HOURLY_RATE)
  hourlyRate!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class StopTimerDto {
  @ApiPropertyOptional({ description: 'Defaults to the caller' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  technicianId?: string;
}

export class LabourEntryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  technicianId!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  startedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  endedAt!: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Null while the timer runs' })
  minutes!: number | null;

  @ApiProperty({ example: '45' })
  hourlyRate!: string;

  @ApiProperty({ nullable: true, type: String, example: '33.75' })
  cost!: string | null;

  @ApiProperty()
  running!: boolean;

  @ApiProperty({ nullable: true, type: String })
  note!: string | null;
}

export class AddPartDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  storeroomId!: string;

  @ApiProperty({ example: '2', description: 'A positive decimal string: at most 11 digits before and 3 after the point' })
  @IsDecimalString(QUANTITY)
  quantity!: string;

  @ApiProperty({ example: '12.50', description: 'Cost of one unit, a non-negative decimal string: at most 10 digits before and 4 after the point' })
  @IsDecimalString(UNIT_COST)
  unitCost!: string;
}

export class PartLineDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  partId!: string;

  @ApiProperty({ format: 'uuid' })
  storeroomId!: string;

  @ApiProperty({ example: '2' })
  quantity!: string;

  @ApiProperty({ example: '12.5' })
  unitCost!: string;

  @ApiProperty({ example: '25.00' })
  totalCost!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the completion of the work order issued the line from stock; an issued line cannot be deleted (409)',
  })
  issuedAt!: string | null;
}

export class AddOtherCostDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Length(1, 500)
  description!: string;

  @ApiPropertyOptional({ example: 'contractor', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiProperty({ example: '120.00', description: 'A non-negative decimal string: at most 12 digits before and 2 after the point' })
  @IsDecimalString(AMOUNT)
  amount!: string;
}

export class OtherCostDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  category!: string;

  @ApiProperty({ example: '120.00' })
  amount!: string;
}

const NEXT_CURSOR = { nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' };

export class LabourEntryPageDto {
  @ApiProperty({ type: [LabourEntryDto], description: 'In the order they were logged' })
  items!: LabourEntryDto[];

  @ApiProperty(NEXT_CURSOR)
  nextCursor!: string | null;
}

export class PartLinePageDto {
  @ApiProperty({ type: [PartLineDto], description: 'In the order they were added' })
  items!: PartLineDto[];

  @ApiProperty(NEXT_CURSOR)
  nextCursor!: string | null;
}

export class OtherCostPageDto {
  @ApiProperty({ type: [OtherCostDto], description: 'In the order they were added' })
  items!: OtherCostDto[];

  @ApiProperty(NEXT_CURSOR)
  nextCursor!: string | null;
}
