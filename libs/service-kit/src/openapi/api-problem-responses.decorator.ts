import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath, type ApiResponseOptions } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { ProblemDetailsSchema, ValidationProblemSchema } from './problem-details.schema';

export type DocumentedProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 422 | 429 | 500 | 503;

const DESCRIPTIONS: Partial<Record<DocumentedProblemStatus, string>> = {
  400: 'Invalid input; `errors` names each field',
  401: 'Missing, invalid or expired bearer token',
  403: 'The caller’s role does not allow this action',
  404: 'Not found (also when it belongs to another tenant)',
  409: 'Conflicts with the current state',
  412: 'If-Match does not match the current version',
  422: 'Well-formed but not allowed by business rules',
  429: 'Rate limited; see Retry-After',
};

export function problemResponse(status: DocumentedProblemStatus): ApiResponseOptions {
  const schema = status === 400 ? ValidationProblemSchema : ProblemDetailsSchema;
  return {
    status,
    description: DESCRIPTIONS[status] ?? STATUS_CODES[status] ?? 'Error',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(schema) } } },
  };
}

/** Documents the problem+json answers a route gives beyond the global ones (400, 401, 403, 500). */
export function ApiProblemResponses(...statuses: DocumentedProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse(problemResponse(status))));
}
