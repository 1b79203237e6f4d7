export { ConnectionApiToken, ConnectSession, type NewConnectionTarget } from './access.entities';
export { ConnectionApiTokens } from './connection-api-tokens';
export { bearerToken, hashToken, newSecretToken } from './secret-token';
