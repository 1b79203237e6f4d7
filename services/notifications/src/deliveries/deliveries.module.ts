import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICE_CONFIG } from '@mate/service-kit';
import { AlertStoreModule } from '../alerts';
import { WEBHOOK_RETRY_POLICY } from '../channels';
import type { NotificationsConfig } from '../config/notifications.config';
import { EndpointsModule } from '../endpoints';
import { OutboundModule, TenantOutbound } from '../outbound';
import { CHANNEL_SENDERS } from './channel-senders';
import { createChannelSenders } from './channel-senders.factory';
import { DeliverySchedulingModule } from './delivery-scheduling.module';
import { guardedOutboundHttp } from './guarded-outbound-http';
import { DeliverAlertJob } from './jobs/deliver-alert.job';
import { DueDeliveriesJob } from './jobs/due-deliveries.job';
import { ATTEMPT_CLOCK, AttemptDelivery, DELIVERY_RETRY_POLICY } from './use-cases/attempt-delivery';
import { DeliveriesController } from './deliveries.controller';
import { PingEndpoint } from './use-cases/ping-endpoint';
import { ReadDeliveryLog } from './use-cases/read-delivery-log';
import { Redeliver } from './use-cases/redeliver';
import { TrackEndpointHealth } from './use-cases/track-endpoint-health';

/** Sending: the job handlers, the attempt use case, the channel senders, and the delivery log's API. */
@Module({
  imports: [AlertStoreModule, DeliverySchedulingModule, EndpointsModule, OutboundModule],
  controllers: [DeliveriesController],
  providers: [
    {
      provide: CHANNEL_SENDERS,
      inject: [SERVICE_CONFIG, TenantOutbound],
      useFactory: (config: NotificationsConfig, outbound: TenantOutbound) => createChannelSenders(config, guardedOutboundHttp(outbound)),
    },
    { provide: ATTEMPT_CLOCK, useValue: { now: () => new Date(), random: () => Math.random() } },
    {
      provide: DELIVERY_RETRY_POLICY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: NotificationsConfig) => ({ ...WEBHOOK_RETRY_POLICY, firstDelayMs: config.extra.DELIVERY_RETRY_FIRST_DELAY_MS }),
    },
    AttemptDelivery,
    DeliverAlertJob,
    DueDeliveriesJob,
    ReadDeliveryLog,
    Redeliver,
    PingEndpoint,
  ],
})
export class DeliveriesModule {
  /** With the alerts module the app built (endpoint health raises an alert when it disables one). */
  static register(alerts: DynamicModule): DynamicModule {
    return { module: DeliveriesModule, imports: [alerts], providers: [TrackEndpointHealth] };
  }
}
