import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { CursorPageQuery, IsPresentNotNull, ROLES } from '@mate/service-kit';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { ALERT_TYPES, PERSON_CHANNELS } from '../../alert-rules';
import { QuietHoursDto } from '../../alert-routing';

const SEVERITIES = ['info', 'warning', 'critical'] as const;

export class CreateNotificationContactDto {
  @ApiProperty({ description: 'the user’s id: the subject of their tokens' })
  @IsString()
  @Length(1, 200)
  userId!: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  @Length(3, 320)
  email?: string | null;

  @ApiPropertyOptional({ type: [String], enum: ROLES, description: 'what role recipients of rules match' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `roles must hold platform roles only (${ROLES.join(', ')})` })
  roles?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'role recipients reach them for alerts at or below this location only' })
  @IsOptional()
  @IsUUID()
  homeLocationId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'a Slack or Teams endpoint of the tenant: their `chat` channel' })
  @IsOptional()
  @IsUUID()
  chatEndpointId?: string | null;
}

/** Absent fields keep their value; null clears the e-mail, home location or chat endpoint. */
export class UpdateNotificationContactDto extends PartialType(CreateNotificationContactDto, { skipNullProperties: false }) {}

export class ListNotificationContactsQueryDto extends CursorPageQuery {}

export class ChannelPreferenceDto {
  @ApiPropertyOptional({ type: [String], enum: Object.keys(ALERT_TYPES), description: 'empty or absent: every type' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(Object.keys(ALERT_TYPES), { each: true, message: 'alertTypes must hold known alert types only' })
  alertTypes?: string[];

  @ApiPropertyOptional({ enum: SEVERITIES, default: 'info' })
  @IsPresentNotNull()
  @IsIn(SEVERITIES)
  minSeverity?: (typeof SEVERITIES)[number];

  @ApiProperty({ type: [String], enum: PERSON_CHANNELS, description: 'empty: nothing but the inbox' })
  @IsArray()
  @ArrayMaxSize(PERSON_CHANNELS.length)
  @IsIn(PERSON_CHANNELS, { each: true, message: `channels must hold ${PERSON_CHANNELS.join(', ')} only` })
  channels!: Array<(typeof PERSON_CHANNELS)[number]>;
}

/** A user's own preferences; the whole document is replaced. */
export class PutNotificationPreferencesDto {
  @ApiPropertyOptional({ nullable: true, type: String, format: 'email', description: 'where e-mail reaches them' })
  @IsOptional()
  @IsEmail()
  @Length(3, 320)
  email?: string | null;

  @ApiPropertyOptional({ type: [ChannelPreferenceDto], description: 'the first line matching an alert decides its channels; none matching: every channel they have' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ChannelPreferenceDto)
  channels?: ChannelPreferenceDto[];

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'their non-critical alerts wait until the window ends' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  @ApiPropertyOptional({ default: false, description: 'no digests: what a digest rule collects they read in the inbox only' })
  @IsPresentNotNull()
  @IsBoolean()
  digestOptOut?: boolean;
}

export class NotificationContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() userId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) homeLocationId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) chatEndpointId!: string | null;
  @ApiProperty({ type: [ChannelPreferenceDto] }) channels!: ChannelPreferenceDto[];
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true }) quietHours!: QuietHoursDto | null;
  @ApiProperty() digestOptOut!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: '0: no contact yet (the defaults)' }) version!: number;
}

export class NotificationContactPageDto {
  @ApiProperty({ type: [NotificationContactDto] }) items!: NotificationContactDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
