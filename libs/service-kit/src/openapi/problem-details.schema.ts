import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shape of an RFC 9457 problem (documentation only; the filter writes the real body). */
export class ProblemDetailsSchema {
  @ApiProperty({ example: 'about:blank', description: 'URI identifying the problem type' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'not found' })
  detail?: string;

  @ApiPropertyOptional({ description: 'Id of the request, as in the x-request-id header and the logs' })
  requestId?: string;

  @ApiPropertyOptional({ description: 'Domain error code, for domain problems', example: 'WORK_ORDER_CLOSED' })
  code?: string;
}

export class FieldErrorSchema {
  @ApiProperty({ example: 'lines.0.quantity' })
  field!: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  message!: string;
}

export class ValidationProblemSchema extends ProblemDetailsSchema {
  @ApiProperty({ type: [FieldErrorSchema] })
  errors!: FieldErrorSchema[];
}
