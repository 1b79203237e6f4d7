export { ConnectionApiToken, ConnectSession, type NewConnectionTarget } from './access.entities';
export { ConnectionApiTokens } from './connection-api-tokens';
export { bearerToken, hashToken, newSecretToken } from './secret-token';
export { ConnectionAccess, ConnectionAccessGuard, ConnectionAccessOn, type ConnectionAccessOptions, type ConnectionAccessRequest, type ConnectionCaller } from './connection-access';
