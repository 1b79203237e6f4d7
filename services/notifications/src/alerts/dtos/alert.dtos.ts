import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CursorPageQuery } from '@mate/service-kit';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ALERT_TYPES } from '../../alert-rules';

const STATUSES = ['open', 'acknowledged', 'resolved', 'muted'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;
const SUBJECT_KINDS = ['connection', 'work_order', 'work_request', 'asset', 'part', 'plan', 'service'] as const;

export class ListAlertsQueryDto extends CursorPageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: (typeof SEVERITIES)[number];

  @ApiPropertyOptional({ enum: Object.keys(ALERT_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(ALERT_TYPES), { message: 'type must be a known alert type' })
  type?: string;

  @ApiPropertyOptional({ enum: SUBJECT_KINDS })
  @IsOptional()
  @IsIn(SUBJECT_KINDS)
  subjectKind?: (typeof SUBJECT_KINDS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  subjectId?: string;
}

export class AlertSubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS }) kind!: string;
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) name!: string | null;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: AlertSubjectDto }) subject!: AlertSubjectDto;
  @ApiProperty() dedupeKey!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the user this personal alert is for (only they see it); null: the whole tenant' })
  recipientUserId!: string | null;
  @ApiProperty() occurrenceCount!: number;
  @ApiProperty({ format: 'date-time' }) firstSeenAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ type: [String], description: 'ids (ce_id) of the events behind the alert' }) eventIds!: string[];
  @ApiProperty() escalationLevel!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) acknowledgedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) acknowledgedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) resolvedAt!: string | null;
  @ApiProperty() version!: number;
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}
