import type { CreatedWebhookEndpointDto, WebhookEndpointDto } from '../dtos/webhook-endpoint.dtos';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';
import { maskChatUrl } from '../webhook-secret-vault';

/** What the API shows of an endpoint: never a secret, and of a chat URL (a credential) only its masked form. */
export function toWebhookEndpointDto(endpoint: WebhookEndpoint): WebhookEndpointDto {
  return {
    id: endpoint.id,
    kind: endpoint.kind,
    url: endpoint.kind === 'webhook' ? endpoint.url : null,
    maskedUrl: endpoint.kind === 'webhook' ? null : (endpoint.maskedUrl ?? (endpoint.url ? maskChatUrl(endpoint.url) : null)),
    description: endpoint.description,
    enabled: endpoint.enabled,
    failingSince: endpoint.failingSince?.toISOString() ?? null,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
    version: endpoint.version,
  };
}

export function toCreatedWebhookEndpointDto(endpoint: WebhookEndpoint, secret: string | null): CreatedWebhookEndpointDto {
  return { ...toWebhookEndpointDto(endpoint), secret };
}
