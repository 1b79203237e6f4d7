import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { CursorPageQuery, IsPresentNotNull, ROLES } from '@mate/service-kit';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { ALERT_TYPES, isTimeZone } from '../../alert-rules';
import type { ChannelKind } from '../../channels';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
const CHANNELS: readonly ChannelKind[] = ['webhook', 'email', 'slack', 'teams'];
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZoneName implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isTimeZone(value);
  }

  defaultMessage(): string {
    return 'timeZone must be an IANA time zone, e.g. Europe/Berlin';
  }
}

@ValidatorConstraint({ name: 'onlyOneOf' })
class OnlyOneOf implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as AlertRuleRecipientDto).userId === undefined;
  }

  defaultMessage(): string {
    return 'a recipient is a userId or a role, not both';
  }
}

export class AlertRuleTargetDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: ChannelKind;

  @ApiProperty({ format: 'uuid', description: 'a webhook endpoint (webhook), a chat endpoint (slack, teams) or a recipient list (email) of the tenant' })
  @IsUUID()
  targetId!: string;
}

/** A person: one user (`userId`, their token subject) or everyone holding a role; exactly one of the two. */
export class AlertRuleRecipientDto {
  @ApiPropertyOptional({ description: 'a user id (token subject); their notification contact says where they are reached' })
  @ValidateIf((recipient: AlertRuleRecipientDto) => recipient.role === undefined)
  @IsString({ message: 'userId or role must be given' })
  @Length(1, 200)
  userId?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'everyone whose notification contact holds this role when the alert opens' })
  @ValidateIf((recipient: AlertRuleRecipientDto) => recipient.userId === undefined || recipient.role !== undefined)
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')} (and only one of userId, role)` })
  @Validate(OnlyOneOf)
  role?: string;
}

export class QuietHoursDto {
  @ApiProperty({ example: '22:00' })
  @Matches(CLOCK_TIME, { message: 'start must be HH:MM (24-hour)' })
  start!: string;

  @ApiProperty({ example: '07:00' })
  @Matches(CLOCK_TIME, { message: 'end must be HH:MM (24-hour)' })
  end!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsString()
  @Validate(IsTimeZoneName)
  timeZone!: string;
}

export class EscalationPolicyDto {
  @ApiProperty({ minimum: 1, maximum: 10080, description: 'minutes an open critical alert waits before each escalation' })
  @IsInt()
  @Min(1)
  @Max(10080)
  afterMinutes!: number;

  @ApiProperty({ minimum: 1, maximum: 10 })
  @IsInt()
  @Min(1)
  @Max(10)
  maxEscalations!: number;

  @ApiProperty({ type: [String], description: 'recipient list ids, one per level; past the last, the last is told again' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  levels!: string[];
}

export class CreateAlertRuleDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: [String], enum: Object.keys(ALERT_TYPES), description: 'empty or absent: every alert type' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(Object.keys(ALERT_TYPES), { each: true, message: 'alertTypes must hold known alert types only' })
  alertTypes?: string[];

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  minSeverity!: (typeof SEVERITIES)[number];

  @ApiPropertyOptional({ type: [AlertRuleTargetDto], description: 'endpoints and recipient lists; a rule needs targets or recipients' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AlertRuleTargetDto)
  targets?: AlertRuleTargetDto[];

  @ApiPropertyOptional({ type: [AlertRuleRecipientDto], description: 'people: users and roles, each reached on the channels of their preferences' })
  @IsPresentNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AlertRuleRecipientDto)
  recipients?: AlertRuleRecipientDto[];

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'only alerts whose subject is at this location or below it' })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'non-critical alerts wait until the window ends' })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  @ApiPropertyOptional({ default: false, description: 'collect non-critical alerts into one message per hour' })
  @IsPresentNotNull()
  @IsBoolean()
  digest?: boolean;

  @ApiPropertyOptional({ type: EscalationPolicyDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EscalationPolicyDto)
  escalation?: EscalationPolicyDto | null;

  @ApiPropertyOptional({ default: true })
  @IsPresentNotNull()
  @IsBoolean()
  enabled?: boolean;
}

/** Absent fields keep their value; null only clears quiet hours or escalation. */
export class UpdateAlertRuleDto extends PartialType(CreateAlertRuleDto, { skipNullProperties: false }) {}

export class ListAlertRulesQueryDto extends CursorPageQuery {}

export class AlertRuleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) alertTypes!: string[];
  @ApiProperty({ enum: SEVERITIES }) minSeverity!: string;
  @ApiProperty({ type: [AlertRuleTargetDto] }) targets!: AlertRuleTargetDto[];
  @ApiProperty({ type: [AlertRuleRecipientDto] }) recipients!: AlertRuleRecipientDto[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) locationId!: string | null;
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true }) quietHours!: QuietHoursDto | null;
  @ApiProperty() digest!: boolean;
  @ApiPropertyOptional({ type: EscalationPolicyDto, nullable: true }) escalation!: EscalationPolicyDto | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class AlertRulePageDto {
  @ApiProperty({ type: [AlertRuleDto] }) items!: AlertRuleDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
