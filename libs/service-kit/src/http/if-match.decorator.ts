import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { VersionPrecondition } from './version-precondition';

/** Documents the header on the route, as `@Headers('if-match')` did. */
function documentIfMatch(target: object, key: string | symbol | undefined): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read; 412 when the resource changed since' })(target, key, descriptor);
}

/**
 * The caller's `If-Match` as a VersionPrecondition: `@IfMatch() ifMatch: VersionPrecondition`,
 * then `ifMatch.assertMatches(entity.version)` where the current version is known.
 */
export const IfMatch = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VersionPrecondition =>
    VersionPrecondition.fromIfMatch(context.switchToHttp().getRequest<Request>().headers['if-match']),
  [documentIfMatch],
);
