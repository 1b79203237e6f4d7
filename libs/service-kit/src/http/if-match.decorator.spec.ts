import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { ExecutionContext } from '@nestjs/common';
import { IfMatch } from './if-match.decorator';
import { VersionPrecondition } from './version-precondition';

class ThingsController {
  update(@IfMatch() ifMatch: VersionPrecondition): VersionPrecondition {
    return ifMatch;
  }
}

/** Where @nestjs/swagger keeps a route's documented parameters, headers among them. */
const API_PARAMETERS = 'swagger/apiParameters';

type ParamFactory = (data: unknown, context: ExecutionContext) => unknown;

function ifMatchOf(header: string | undefined): unknown {
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, ThingsController, 'update') as Record<string, { factory: ParamFactory }>;
  const [{ factory }] = Object.values(args);
  const request = { headers: header === undefined ? {} : { 'if-match': header } };
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return factory(undefined, context);
}

describe('@IfMatch()', () => {
  it('hands the handler the request’s If-Match as a VersionPrecondition', () => {
    const precondition = ifMatchOf('"4"') as VersionPrecondition;
    expect(precondition).toBeInstanceOf(VersionPrecondition);
    expect(precondition.matches(4)).toBe(true);
    expect(precondition.matches(5)).toBe(false);
    expect(ifMatchOf(undefined)).toBe(VersionPrecondition.NONE);
  });

  it('documents the optional header on the route', () => {
    const parameters = Reflect.getMetadata(API_PARAMETERS, ThingsController.prototype.update) as unknown[];
    expect(parameters).toEqual([expect.objectContaining({ name: 'If-Match', in: 'header', required: false })]);
  });
});
