import { Module } from '@nestjs/common';
import { AlertStoreModule } from '../alerts';
import { DataKeyEnvelope, parseMasterKeyring } from '@mate/secrets';
import { SERVICE_CONFIG } from '@mate/service-kit';
import type { NotificationsConfig } from '../config/notifications.config';
import { DeliveryTargets } from '../deliveries/delivery-targets';
import { OutboundModule } from '../outbound';
import { TemplatesModule } from '../templates';
import { EndpointDeliveryTargets } from './endpoint-delivery-targets';
import { EndpointRepository } from './endpoint.repository';
import { ChangeWebhookEndpoint } from './use-cases/change-webhook-endpoint';
import { CreateWebhookEndpoint } from './use-cases/create-webhook-endpoint';
import { ReadWebhookEndpoints } from './use-cases/read-webhook-endpoints';
import { NOTIFICATIONS_KEY_NAMESPACE, WebhookSecretVault } from './webhook-secret-vault';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { RecipientListsController } from './recipient-lists.controller';
import { ManageRecipientLists } from './use-cases/manage-recipient-lists';

@Module({
  imports: [AlertStoreModule, TemplatesModule, OutboundModule],
  controllers: [WebhookEndpointsController, RecipientListsController],
  providers: [
    EndpointRepository,
    {
      provide: DataKeyEnvelope,
      inject: [SERVICE_CONFIG],
      useFactory: (config: NotificationsConfig) => new DataKeyEnvelope(parseMasterKeyring(config.extra.NOTIFICATIONS_MASTER_KEYS), NOTIFICATIONS_KEY_NAMESPACE),
    },
    WebhookSecretVault,
    CreateWebhookEndpoint,
    ChangeWebhookEndpoint,
    ReadWebhookEndpoints,
    ManageRecipientLists,
    { provide: DeliveryTargets, useClass: EndpointDeliveryTargets },
  ],
  exports: [EndpointRepository, DeliveryTargets, WebhookSecretVault],
})
export class EndpointsModule {}
