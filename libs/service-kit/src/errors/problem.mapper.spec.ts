import { BadRequestException, InternalServerErrorException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { assertUnreachable } from './assert-unreachable.util';
import { DomainException, type DomainHttpStatus } from './domain.exception';
import { ProblemException } from './problem.exception';
import { toProblem } from './problem.mapper';

enum PumpExceptionCode {
  NOT_FOUND = 'PUMP_NOT_FOUND',
  ALREADY_RUNNING = 'PUMP_ALREADY_RUNNING',
  OVER_CAPACITY = 'PUMP_OVER_CAPACITY',
}

class PumpException extends DomainException<PumpExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case PumpExceptionCode.NOT_FOUND:
        return 404;
      case PumpExceptionCode.ALREADY_RUNNING:
        return 409;
      case PumpExceptionCode.OVER_CAPACITY:
        return 422;
      default:
        return assertUnreachable(this.code);
    }
  }
}

describe('toProblem', () => {
  it('answers a ProblemException exactly as given, with its headers', () => {
    const mapped = toProblem(ProblemException.tooManyRequests(2.2));
    expect(mapped.problem).toEqual({ type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'too many requests' });
    expect(mapped.headers).toEqual({ 'Retry-After': '3' });
    expect(mapped.unexpected).toBe(false);
  });

  it('keeps extension members but never lets them override the standard ones', () => {
    const exception = new ProblemException({ status: 409, detail: 'stale', extensions: { status: 200, currentVersion: 4 } });
    expect(toProblem(exception).problem).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'stale',
      currentVersion: 4,
    });
  });

  it('has the RFC titles for every status the platform uses', () => {
    expect(toProblem(ProblemException.unauthorized()).problem.title).toBe('Unauthorized');
    expect(toProblem(ProblemException.unauthorized()).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(toProblem(ProblemException.forbidden()).problem.status).toBe(403);
    expect(toProblem(ProblemException.notFound()).problem.title).toBe('Not Found');
    expect(toProblem(ProblemException.conflict('x')).problem.status).toBe(409);
    expect(toProblem(ProblemException.versionMismatch()).problem).toMatchObject({ title: 'Precondition Failed', type: 'urn:mate:problem:version-mismatch', code: 'VERSION_MISMATCH' });
    expect(toProblem(ProblemException.unprocessable('x')).problem.title).toBe('Unprocessable Entity');
  });

  it('maps each domain code through the feature’s switch', () => {
    const notFound = toProblem(new PumpException(PumpExceptionCode.NOT_FOUND, 'pump not found'));
    expect(notFound.problem).toEqual({
      type: 'urn:mate:problem:pump-not-found',
      title: 'Not Found',
      status: 404,
      detail: 'pump not found',
      code: 'PUMP_NOT_FOUND',
    });
    expect(toProblem(new PumpException(PumpExceptionCode.ALREADY_RUNNING, 'running')).problem.status).toBe(409);
    expect(toProblem(new PumpException(PumpExceptionCode.OVER_CAPACITY, 'too much')).problem.status).toBe(422);
  });

  it('maps Nest’s client errors with their message', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope')).problem).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /nope',
    });
    expect(toProblem(new BadRequestException()).problem.status).toBe(400);
    expect(toProblem(new PayloadTooLargeException()).problem.status).toBe(413);
  });

  it('answers anything unknown with a generic 500 that leaks nothing', () => {
    const mapped = toProblem(new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2'));
    expect(mapped.unexpected).toBe(true);
    expect(mapped.problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'an unexpected error occurred',
    });
    expect(JSON.stringify(toProblem(new InternalServerErrorException('upstream body: secret')).problem)).not.toContain('secret');
    expect(toProblem('a thrown string').problem.status).toBe(500);
  });

  it('maps exposed http-errors from middleware to their status', () => {
    const unsupported = Object.assign(new Error('unsupported charset "X"'), { status: 415, expose: true });
    expect(toProblem(unsupported).problem).toEqual({ type: 'about:blank', title: 'Unsupported Media Type', status: 415 });
  });
});
