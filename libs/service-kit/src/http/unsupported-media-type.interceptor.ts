import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { throwError, type Observable } from 'rxjs';
import { ProblemException } from '../errors/problem.exception';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** What a route takes when it does not say otherwise with `@ApiConsumes(...)`. */
const DEFAULT_MEDIA_TYPES = ['application/json'];

/** A body follows the headers: chunked, or a Content-Length above zero. */
function hasBody(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(request.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * 415 for a POST/PUT/PATCH body that no body parser read. The global parser reads JSON only
 * (application/json, application/*+json); a route that takes another type (a CSV import) reads it
 * with its own parser middleware for its path (e.g. express `text({ type: 'text/csv' })`). So a
 * body still unread when the handler is about to run is in a type this route does not take:
 * without this it would reach the handler as `undefined` and fail validation with a misleading 400.
 *
 * An interceptor rather than a middleware because it must run after every route's own parser (Nest
 * runs interceptors after all middleware), and after the guards, so a caller without a valid token
 * still gets 401 first. The detail names the types the route documents (`@ApiConsumes`).
 */
@Injectable()
export class UnsupportedMediaTypeInterceptor implements NestInterceptor {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    // readableEnded: a parser consumed the stream to its end (what body-parser itself checks).
    if (BODY_METHODS.has(request.method) && hasBody(request) && !request.readableEnded) {
      const accepted =
        this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]) ??
        DEFAULT_MEDIA_TYPES;
      // The caller's Content-Type is not echoed back: it is theirs to know, and could carry anything.
      return throwError(() => new ProblemException({ status: 415, detail: `the request body must be ${accepted.join(' or ')}` }));
    }
    return next.handle();
  }
}
