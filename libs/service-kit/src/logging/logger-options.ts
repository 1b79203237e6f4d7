import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { ServiceConfig } from '../config/service-config';
import { REDACTED, REDACTED_PATHS, redactSecrets } from './redact-secrets.util';
import { traceContextMixin } from './trace-context.mixin';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Probes and scrapes every few seconds: logging them drowns everything else. */
function isQuietPath(url: string | undefined): boolean {
  return url === '/metrics' || (url?.startsWith('/health/') ?? false);
}

/** Reuses a sane incoming request id (from a gateway) or makes one, and echoes it back. */
export function requestIdFor(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** nestjs-pino settings: JSON logs with trace ids, request ids and secrets redacted. */
export function loggerParams(config: ServiceConfig, destination?: DestinationStream): Params {
  const options: Options = {
    level: config.logLevel,
    base: { service: config.serviceName },
    messageKey: 'msg',
    mixin: traceContextMixin,
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    formatters: { log: redactSecrets },
    genReqId: requestIdFor,
    autoLogging: { ignore: (request) => isQuietPath(request.url) },
    customLogLevel: (_request, response, error) => {
      if (error || response.statusCode >= 500) return 'error';
      if (response.statusCode >= 400) return 'warn';
      return 'info';
    },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // path-to-regexp 8 syntax; nestjs-pino's default '*' makes Nest 11 warn on every boot.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
