export { ConnectionApiToken, ConnectSession } from './access.entities';
export { ConnectionApiTokens } from './connection-api-tokens';
export { bearerToken, hashToken, newSecretToken } from './secret-token';
