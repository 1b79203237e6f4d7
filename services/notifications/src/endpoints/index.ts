export { WebhookEndpoint, type EndpointKind } from './webhook-endpoint.entity';
export { RecipientList } from './recipient-list.entity';
export { EndpointRepository } from './endpoint.repository';
export { EndpointDeliveryTargets } from './endpoint-delivery-targets';
export { EndpointsModule } from './endpoints.module';
export { endpointNotFound, EndpointException, EndpointExceptionCode } from './endpoint.exception';
export { WebhookSecretVault, NOTIFICATIONS_KEY_NAMESPACE } from './webhook-secret-vault';
export { endpointHealthAfter, type EndpointHealthChange, type EndpointHealthState } from './endpoint-health';
