import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PASSTHROUGH_METHODS, type PassthroughMethod } from './passthrough.rules';

export class PassthroughRequestDto {
  @ApiProperty({ enum: PASSTHROUGH_METHODS, example: 'GET' })
  @IsIn(PASSTHROUGH_METHODS)
  method!: PassthroughMethod;

  @ApiProperty({ example: '/v2/tasks', description: "Relative to the connection's base URL: starts with `/`; no scheme, host, `..`, query or fragment (422 naming `path`)" })
  @IsString()
  @MaxLength(2_000)
  path!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { page: '1', limit: '10' } })
  @IsOptional()
  @IsObject()
  query?: Record<string, string>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'Only allow-listed headers (accept, content-type, if-match, if-none-match, prefer, x-organization-id, x-method-override, patchtype); credentials are added by the service' })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ description: 'A JSON body, sent as is' })
  @IsOptional()
  @Allow()
  body?: unknown;
}

export class PassthroughReplyDto {
  @ApiProperty({ example: 200 })
  status!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'A safe subset: content-type, etag, last-modified, retry-after, location' })
  headers!: Record<string, string>;

  @ApiPropertyOptional({ description: 'The parsed JSON body, or the text when it is not JSON' })
  body?: unknown;
}
