import { assertUnreachable, DomainException, ProblemException, type DomainHttpStatus } from '@mate/service-kit';
import type { Connection } from './connection.entity';

export enum ConnectionExceptionCode {
  NOT_FOUND = 'CONNECTION_NOT_FOUND',
  PAUSED = 'CONNECTION_PAUSED',
}

/** The connections feature's domain exception; each code maps to exactly one status. */
export class ConnectionException extends DomainException<ConnectionExceptionCode> {
  httpStatus(): DomainHttpStatus {
    switch (this.code) {
      case ConnectionExceptionCode.NOT_FOUND:
        return 404;
      case ConnectionExceptionCode.PAUSED:
        return 409;
      default:
        return assertUnreachable(this.code);
    }
  }
}

export const REAUTHORIZATION_REQUIRED_TYPE = 'urn:mate:problem:connection-reauthorization-required';

/**
 * What every call for a connection in `reauth_required` answers, without going upstream: what is
 * wrong and how to fix it (an administrator starts the connect flow at `reauthorize.href`).
 */
export function reauthorizationRequired(connection: Connection): ProblemException {
  return new ProblemException({
    status: 409,
    type: REAUTHORIZATION_REQUIRED_TYPE,
    title: 'Reauthorization required',
    detail: `${connection.displayName}: the ${connection.system} system refused the stored credentials; nothing is sent to it until an administrator reconnects the connection with new credentials`,
    extensions: {
      code: 'CONNECTION_REAUTH_REQUIRED',
      connectionId: connection.id,
      reauthorize: { method: 'POST', href: `/api/v1/connections/${connection.id}/reauthorize` },
    },
  });
}

export function connectionNotFound(): ConnectionException {
  return new ConnectionException(ConnectionExceptionCode.NOT_FOUND, 'connection not found');
}
