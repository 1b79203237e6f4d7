import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem.exception';
import type { FieldError } from './problem-details';

/**
 * DTOs whitelist what a caller may write: unknown fields are rejected (mass assignment, OWASP API3)
 * and named in the problem's `errors`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Never copy the submitted value (it may be a secret) into the error.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}

/** class-validator's error tree as a flat list; nested paths dotted (`lines.0.quantity`). */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      flat.push({ field: field || '(body)', message });
    }
    if (error.children && error.children.length > 0) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}
