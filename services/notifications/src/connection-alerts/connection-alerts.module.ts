import { Module, type DynamicModule } from '@nestjs/common';
import { ConnectionEventsHandler } from './connection-events.handler';

/** The consumer of mate.connectors.v1; given the app's alerts module (its use cases). */
@Module({})
export class ConnectionAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return { module: ConnectionAlertsModule, imports: [alerts], controllers: [ConnectionEventsHandler] };
  }
}
