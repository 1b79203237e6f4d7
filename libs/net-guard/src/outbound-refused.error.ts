/** Why an outbound request was refused; a service maps each to its problem (e.g. 422 on `baseUrl`). */
export enum OutboundRefusalCode {
  INVALID_URL = 'OUTBOUND_URL_INVALID',
  UNSUPPORTED_PROTOCOL = 'OUTBOUND_PROTOCOL_UNSUPPORTED',
  CREDENTIALS_IN_URL = 'OUTBOUND_URL_HAS_CREDENTIALS',
  UNRESOLVABLE_HOST = 'OUTBOUND_HOST_UNRESOLVABLE',
  FORBIDDEN_ADDRESS = 'OUTBOUND_ADDRESS_FORBIDDEN',
  TOO_MANY_REDIRECTS = 'OUTBOUND_TOO_MANY_REDIRECTS',
}

/**
 * An outbound request the guard refused before any connection was opened. The message names the
 * host (and the address it resolved to), never the whole URL: a URL may carry secrets in its path
 * or query.
 */
export class OutboundRequestRefusedError extends Error {
  constructor(
    readonly code: OutboundRefusalCode,
    message: string,
    readonly host?: string,
    readonly address?: string,
  ) {
    super(message);
    this.name = 'OutboundRequestRefusedError';
  }
}
