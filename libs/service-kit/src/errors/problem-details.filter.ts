import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblem } from './problem.mapper';

/**
 * The one place where errors become HTTP answers: RFC 9457 application/problem+json.
 * Registered globally by ServiceKitModule; also handles router 404s and body-parser errors.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Message handlers (Kafka) own their retry and dead-letter policy: hand the error back.
    if (host.getType() !== 'http') return throwError(() => exception);

    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: unknown }>();
    const response = http.getResponse<Response>();
    const { problem, headers, unexpected } = toProblem(exception);

    if (unexpected) {
      this.logger.error({ err: exception, status: problem.status }, 'unexpected error while handling a request');
    }
    if (response.headersSent) return;

    const requestId = typeof request.id === 'string' ? request.id : undefined;
    response.status(problem.status);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
    response.send(JSON.stringify(requestId ? { ...problem, requestId } : problem));
  }
}
