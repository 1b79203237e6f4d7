import { Inject, Injectable } from '@nestjs/common';
import { currentTenantDataKey, DataKeyEnvelope, open, openWithTenantDataKey, seal } from '@mate/secrets';
import type { EntityManager } from 'typeorm';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

/** The namespace bound into this service's data keys: a wrapped key of another service does not open here. */
export const NOTIFICATIONS_KEY_NAMESPACE = 'mate.notifications';

/** An endpoint's secrets as stored: sealed, with the data key version that sealed them. */
export type SealedSecrets = Pick<WebhookEndpoint, 'sealedSecrets' | 'dataKeyVersion'>;

/**
 * Seals and opens an endpoint's signing secrets with the tenant's data key (envelope encryption,
 * `@mate/secrets`), bound to the tenant and endpoint as additional data, so a ciphertext copied to
 * another endpoint does not open. Plaintext lives only in memory, in the caller's tenant transaction.
 */
@Injectable()
export class WebhookSecretVault {
  constructor(@Inject(DataKeyEnvelope) private readonly envelope: DataKeyEnvelope) {}

  async seal(manager: EntityManager, endpoint: Pick<WebhookEndpoint, 'tenantId' | 'id'>, secrets: readonly string[]): Promise<SealedSecrets> {
    const { dataKey, version } = await currentTenantDataKey(manager, this.envelope, endpoint.tenantId);
    return { sealedSecrets: seal(dataKey, Buffer.from(JSON.stringify(secrets), 'utf8'), secretContext(endpoint)), dataKeyVersion: version };
  }

  /** Every secret sealed on the endpoint, the newer first; none for a chat endpoint. */
  async open(manager: EntityManager, endpoint: Pick<WebhookEndpoint, 'tenantId' | 'id'> & SealedSecrets): Promise<string[]> {
    if (endpoint.sealedSecrets === null || endpoint.dataKeyVersion === null) return [];
    const sealed = endpoint.sealedSecrets;
    return openWithTenantDataKey(manager, this.envelope, endpoint.tenantId, endpoint.dataKeyVersion, (dataKey) => JSON.parse(open(dataKey, sealed, secretContext(endpoint)).toString('utf8')) as string[]);
  }

  /** The fields that store a chat URL: sealed, masked, no plaintext. */
  async sealChatUrl(manager: EntityManager, endpoint: Pick<WebhookEndpoint, 'tenantId' | 'id'>, url: string): Promise<Pick<WebhookEndpoint, 'url' | 'sealedUrl' | 'maskedUrl' | 'dataKeyVersion'>> {
    const { dataKey, version } = await currentTenantDataKey(manager, this.envelope, endpoint.tenantId);
    return { url: null, sealedUrl: seal(dataKey, Buffer.from(url, 'utf8'), chatUrlContext(endpoint)), maskedUrl: maskChatUrl(url), dataKeyVersion: version };
  }

  /** A chat endpoint's URL; one stored before URLs were sealed is read as it is. */
  async openChatUrl(manager: EntityManager, endpoint: Pick<WebhookEndpoint, 'tenantId' | 'id' | 'url' | 'sealedUrl' | 'dataKeyVersion'>): Promise<string | null> {
    if (endpoint.sealedUrl === null || endpoint.dataKeyVersion === null) return endpoint.url;
    const sealed = endpoint.sealedUrl;
    return openWithTenantDataKey(manager, this.envelope, endpoint.tenantId, endpoint.dataKeyVersion, (dataKey) => open(dataKey, sealed, chatUrlContext(endpoint)).toString('utf8'));
  }

  /** The secrets that sign now: the current one, and the previous one until its overlap ends. */
  async signingSecrets(manager: EntityManager, endpoint: WebhookEndpoint, now: Date): Promise<string[]> {
    const secrets = await this.open(manager, endpoint);
    const previousActive = endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > now;
    return previousActive ? secrets.slice(0, 2) : secrets.slice(0, 1);
  }
}

/**
 * A chat endpoint's incoming-webhook URL (the URL is the credential): sealed like a secret, bound
 * to the tenant and endpoint, with what the API may show of it.
 */
export function maskChatUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…${url.slice(-4)}`;
}

function chatUrlContext({ tenantId, id }: Pick<WebhookEndpoint, 'tenantId' | 'id'>): string {
  return `${NOTIFICATIONS_KEY_NAMESPACE}/chat-urls/tenant=${tenantId}/endpoint=${id}`;
}

function secretContext({ tenantId, id }: Pick<WebhookEndpoint, 'tenantId' | 'id'>): string {
  return `${NOTIFICATIONS_KEY_NAMESPACE}/webhook-secrets/tenant=${tenantId}/endpoint=${id}`;
}
