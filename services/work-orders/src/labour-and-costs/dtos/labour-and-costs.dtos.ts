import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { IsDecimalString } from '../../common/validation';

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

  @ApiProperty({ example: '45.00', description: 'Hourly rate, a decimal string' })
  @IsDecimalString({ nonNegative: true })
  hourlyRate!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the work started' })
  @IsOptional()
  @IsISO8601({ strict: true })
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

  @ApiProperty({ example: '45.00' })
  @IsDecimalString({ nonNegative: true })
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

  @ApiProperty({ example: '2', description: 'A positive decimal string' })
  @IsDecimalString({ nonNegative: true })
  quantity!: string;

  @ApiProperty({ example: '12.50', description: 'Cost of one unit, a decimal string' })
  @IsDecimalString({ nonNegative: true })
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

  @ApiProperty({ example: '120.00' })
  @IsDecimalString({ nonNegative: true })
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
