import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { HISTORY_KINDS, type HistoryKind } from '../work-order-history.entity';

export class CreateCommentDto {
  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @Length(1, 10_000)
  body!: string;
}

export class CommentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  authorId!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class HistoryEntryDto {
  @ApiProperty({ enum: HISTORY_KINDS })
  kind!: HistoryKind;

  @ApiProperty({ nullable: true, type: String })
  fromStatus!: string | null;

  @ApiProperty({ nullable: true, type: String })
  toStatus!: string | null;

  @ApiProperty({ nullable: true, type: String })
  reason!: string | null;

  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: 'field → { from, to }' })
  changes!: Record<string, { from: unknown; to: unknown }> | null;

  @ApiProperty({ description: 'Who (token subject, or "system")' })
  actor!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto], description: 'Oldest first' })
  items!: CommentDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto], description: 'Oldest first' })
  items!: HistoryEntryDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}
