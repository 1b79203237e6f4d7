import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateTime } from '@mate/service-kit';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class PeriodQueryDto {
  @ApiProperty({ format: 'date-time' })
  @IsDateTime()
  from!: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateTime()
  to!: string;
}

export class ForecastQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only assets under this location' })
  @IsOptional()
  @IsUUID()
  location?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  asset?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only plans whose work goes to this team' })
  @IsOptional()
  @IsUUID()
  team?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'Zone the weeks of the workload are counted in; default UTC' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  zone?: string;
}

export class ComplianceQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only assets under this location' })
  @IsOptional()
  @IsUUID()
  location?: string;
}
