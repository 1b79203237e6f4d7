import { Module } from '@nestjs/common';
import { AlertStoreModule } from '../alerts';
import { DeliveryTargets } from '../deliveries/delivery-targets';
import { EndpointDeliveryTargets } from './endpoint-delivery-targets';
import { EndpointRepository } from './endpoint.repository';

@Module({
  imports: [AlertStoreModule],
  providers: [EndpointRepository, { provide: DeliveryTargets, useClass: EndpointDeliveryTargets }],
  exports: [EndpointRepository, DeliveryTargets],
})
export class EndpointsModule {}
