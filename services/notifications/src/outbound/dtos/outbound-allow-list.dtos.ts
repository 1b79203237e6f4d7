import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsAllowListEntry } from '@mate/net-guard';
import { ArrayMaxSize, IsArray, IsString, Length, Validate } from 'class-validator';

/** The tenant's list as written: host names, IP addresses or CIDR ranges (no scheme, port or path). */
export class ReplaceOutboundAllowListDto {
  @ApiProperty({ type: [String], example: ['hooks.plant.local', '10.20.0.0/16'], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  @Validate(IsAllowListEntry, { each: true })
  entries!: string[];
}

export class OutboundAllowListDto {
  @ApiProperty({ type: [String] }) entries!: string[];
  @ApiProperty({ description: '0 before the first PUT' }) version!: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) updatedAt!: string | null;
}
