import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@mate/service-kit';

const RULES = ['skip', 'previous_working_day', 'next_working_day'] as const;

export class PmCalendarBodyDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays: 1 Monday … 7 Sunday' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  workingDays!: number[];

  @ApiProperty({ type: [String], example: ['2026-12-25'], description: 'Local dates YYYY-MM-DD' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsCalendarDate({ each: true })
  holidays!: string[];

  @ApiProperty({ enum: RULES, description: 'What happens to an occurrence on a holiday or a day off' })
  @IsIn(RULES)
  nonWorkingDayRule!: (typeof RULES)[number];
}

export class PmCalendarDto extends PmCalendarBodyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
