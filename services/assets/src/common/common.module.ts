import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { EventOutboxOptions } from '@mate/messaging';
import { BulkOutbox } from './bulk-outbox';
import { EventPublisher } from './event-publisher';

@Global()
@Module({})
export class CommonModule {
  static forRoot(outbox: EventOutboxOptions): DynamicModule {
    return {
      module: CommonModule,
      providers: [EventPublisher, { provide: BulkOutbox, useValue: new BulkOutbox(outbox) }],
      exports: [EventPublisher, BulkOutbox],
    };
  }
}
