import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import type { MicroserviceOptions, NestMicroservice } from '@nestjs/microservices';
import { ConsumerGroupCheck, ConsumerLivenessCheck, OutboxBacklogCheck } from '../health/messaging-health';
import { createKafka } from '../kafka/kafka-client';
import { EventOutbox } from '../outbox/event-outbox';
import { MESSAGING_KAFKA, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging-options';
import { MessagingRuntime } from './messaging-runtime';
import { RethrowEventErrorsFilter } from './rethrow-event-errors.filter';

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    if (options.produces.length === 0) throw new Error('MessagingModule: `produces` needs the service topic');
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: MESSAGING_KAFKA,
          useFactory: () => createKafka({ brokers: options.brokers, clientId: `mate-${options.serviceName}` }),
        },
        {
          provide: EventOutbox,
          useFactory: () =>
            new EventOutbox({ serviceName: options.serviceName, produces: options.produces }),
        },
        MessagingRuntime,
        ConsumerLivenessCheck,
        ConsumerGroupCheck,
        OutboxBacklogCheck,
      ],
      exports: [EventOutbox, MessagingRuntime, MESSAGING_KAFKA, ConsumerLivenessCheck, ConsumerGroupCheck, OutboxBacklogCheck],
    };
  }
}

/**
 * Starts the service's event consumer on an initialised app (after `app.init()`: the topics it
 * subscribes to are provisioned by then), in production (`main.ts`) and in tests alike. Does
 * nothing for a service that consumes nothing. `app.close()` stops it.
 */
export async function startEventConsumer(app: INestApplication): Promise<void> {
  const transport = app.get(MessagingRuntime).transport;
  if (!transport) return;
  // Handlers are bound with the filters known at registration time, so defer it until the filter
  // is in place, then finish the registration that `connectMicroservice` would have done.
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { strategy: transport },
    { inheritAppConfig: false, deferInitialization: true },
  ) as unknown as NestMicroservice;
  microservice.useGlobalFilters(new RethrowEventErrorsFilter());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  microservice.setIsInitHookCalled(true);
  await microservice.listen();
}
