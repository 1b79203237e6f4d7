import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** The editable parts, each Liquid (the data: `alert.*`, see docs/services/notifications.md). */
export class EmailTemplateDto {
  @ApiProperty({ example: '[{{ alert.severity | capitalize }}] {{ alert.title }}' })
  @IsString()
  @MaxLength(1_000)
  subject!: string;

  @ApiProperty({ description: 'the plain-text part' })
  @IsString()
  @MaxLength(20_000)
  text!: string;

  @ApiProperty({ description: 'the HTML part as MJML (rendered to responsive HTML); every output is HTML-escaped' })
  @IsString()
  @MaxLength(50_000)
  mjml!: string;
}

export class NotificationTemplateDto extends EmailTemplateDto {
  @ApiProperty() alertType!: string;
  @ApiProperty({ enum: ['email'] }) channel!: string;
  @ApiProperty({ description: 'false: the built-in default (no tenant template saved)' }) custom!: boolean;
  @ApiProperty({ description: '0 for the default; the ETag for If-Match' }) version!: number;
}

export class NotificationTemplateListDto {
  @ApiProperty({ type: [NotificationTemplateDto], description: 'every alert type and channel, the tenant’s own or the default' }) items!: NotificationTemplateDto[];
}

export class PreviewTemplateDto {
  @ApiPropertyOptional({ type: EmailTemplateDto, description: 'the draft to render; absent: the template in use' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailTemplateDto)
  template?: EmailTemplateDto;
}

export class RenderedEmailDto {
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty() html!: string;
}
