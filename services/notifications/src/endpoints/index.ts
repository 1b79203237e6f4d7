export { WebhookEndpoint, type EndpointKind } from './webhook-endpoint.entity';
export { RecipientList } from './recipient-list.entity';
export { EndpointRepository } from './endpoint.repository';
export { EndpointDeliveryTargets } from './endpoint-delivery-targets';
export { EndpointsModule } from './endpoints.module';
