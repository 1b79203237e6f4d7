import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageQuery, IsPresentNotNull } from '@mate/service-kit';
import { IsBoolean, IsIn, IsString, Length, MaxLength } from 'class-validator';
import type { EndpointKind } from '../webhook-endpoint.entity';

const KINDS: readonly EndpointKind[] = ['webhook', 'slack', 'teams'];

export class CreateWebhookEndpointDto {
  @ApiPropertyOptional({ enum: KINDS, default: 'webhook', description: 'webhook: signed JSON; slack, teams: an incoming-webhook URL' })
  @IsPresentNotNull()
  @IsIn(KINDS)
  kind?: EndpointKind;

  @ApiProperty({ description: 'http(s); checked by the SSRF guard when saved and on every send' })
  @IsString()
  @Length(1, 2000)
  url!: string;

  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional()
  @IsPresentNotNull()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ description: 'true re-enables an endpoint disabled after failing' })
  @IsPresentNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class ListWebhookEndpointsQueryDto extends CursorPageQuery {}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null for chat endpoints: their URL is a credential' }) url!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'a chat endpoint’s URL masked (origin and last four characters); null for webhooks', example: 'https://hooks.slack.com/…AbCd' })
  maskedUrl!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'since when deliveries have failed without a success' }) failingSince!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'until then the previous secret signs too' })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: '`whsec_…`, shown this once (null for chat endpoints)' }) secret!: string | null;
}

export class RotatedWebhookSecretDto {
  @ApiProperty({ description: 'the new `whsec_…` secret, shown this once' }) secret!: string;
  @ApiProperty({ format: 'date-time', description: 'until then deliveries carry a signature by the previous secret too' }) previousSecretExpiresAt!: string;
  @ApiProperty() version!: number;
}

export class WebhookEndpointPageDto {
  @ApiProperty({ type: [WebhookEndpointDto] }) items!: WebhookEndpointDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
