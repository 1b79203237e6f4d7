import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@mate/service-kit';
import { AlertStoreModule } from '../alerts';
import type { NotificationsConfig } from '../config/notifications.config';
import { EndpointsModule } from '../endpoints';
import { CHANNEL_SENDERS } from './channel-senders';
import { createChannelSenders } from './channel-senders.factory';
import { DeliverySchedulingModule } from './delivery-scheduling.module';
import { guardedOutboundHttp } from './guarded-outbound-http';
import { DeliverAlertJob } from './jobs/deliver-alert.job';
import { DueDeliveriesJob } from './jobs/due-deliveries.job';
import { ATTEMPT_CLOCK, AttemptDelivery } from './use-cases/attempt-delivery';

function allowListOf(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Sending: the job handlers, the attempt use case and the channel senders. */
@Module({
  imports: [AlertStoreModule, DeliverySchedulingModule, EndpointsModule],
  providers: [
    {
      provide: CHANNEL_SENDERS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: NotificationsConfig) =>
        createChannelSenders(config, guardedOutboundHttp({ allowList: allowListOf(config.extra.OUTBOUND_ALLOW_LIST) }, config.extra.WEBHOOK_TIMEOUT_MS)),
    },
    { provide: ATTEMPT_CLOCK, useValue: { now: () => new Date(), random: () => Math.random() } },
    AttemptDelivery,
    DeliverAlertJob,
    DueDeliveriesJob,
  ],
})
export class DeliveriesModule {}
