import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { ProblemException } from '../errors/problem.exception';

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * JSON bodies only, with a size limit (OWASP API4). Parse errors become problems here, so the
 * caller never sees parser internals or a fragment of its body echoed back.
 */
function jsonParser(limit: string): RequestHandler {
  const parse = json({ limit, type: JSON_TYPES });
  return (request: Request, response: Response, next: NextFunction) => {
    parse(request, response, (error?: unknown) => next(error === undefined ? undefined : toProblem(error, limit)));
  };
}

function toProblem(error: unknown, limit: string): unknown {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (type === 'entity.too.large') return new ProblemException({ status: 413, detail: `the request body exceeds ${limit}` });
  if (type === 'entity.parse.failed') return ProblemException.badRequest('the request body is not valid JSON');
  return error;
}

/**
 * `limits` raise the limit for specific paths (bulk endpoints): they are registered first, and the
 * general parser skips a body that was already read.
 */
export function applyBodyParsers(app: INestApplication, defaultLimit: string, limits: Record<string, string> = {}): void {
  for (const [path, limit] of Object.entries(limits)) app.use(path, jsonParser(limit));
  app.use(jsonParser(defaultLimit));
}
