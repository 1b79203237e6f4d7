import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception';
import type { AuthenticatedRequest, Principal } from './principal';

/** The verified caller: `@CurrentPrincipal() principal: Principal`. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // Only a @Public() route asking for a principal gets here: answer as if the token were missing.
  if (!principal) throw ProblemException.unauthorized('a bearer token is required');
  return principal;
});
