import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Most items a page holds, whatever `limit` asks. */
export const MAX_PAGE_SIZE = 200;

/** Items a page holds when the caller gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;

/** `limit` and `cursor`, the query parameters of every keyset-paginated list. */
export class CursorPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor: the `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

/** `limit`, `cursor` and `sort`, for the lists whose order the caller picks (see `sortOrder`). */
export class SortedPageQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'Sort field, `-` prefix for descending, e.g. `-createdAt`' })
  @IsOptional()
  @IsString()
  @Matches(/^-?[a-zA-Z]+$/)
  sort?: string;
}
