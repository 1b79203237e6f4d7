import { Module } from '@nestjs/common';
import { AlertRoutingModule } from '../alert-routing';
import { RecipientsModule } from '../recipients';
import { DeliveryScheduler } from './delivery-scheduler';
import { DeliveryRepository } from './delivery.repository';

/** Writing delivery rows (what the alerts feature needs), apart from sending them. */
@Module({
  imports: [AlertRoutingModule, RecipientsModule],
  providers: [DeliveryRepository, DeliveryScheduler],
  exports: [DeliveryRepository, DeliveryScheduler],
})
export class DeliverySchedulingModule {}
