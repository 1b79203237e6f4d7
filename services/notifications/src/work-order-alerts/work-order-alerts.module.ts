import { Module, type DynamicModule } from '@nestjs/common';
import { RequestContactRepository } from './request-contact.repository';
import { WorkOrderAlertsHandler } from './work-order-alerts.handler';
import { WorkRequestAlertsHandler } from './work-request-alerts.handler';

/** Alerts from work orders and work requests; the alerts module (with its notifier) is given by the app. */
@Module({})
export class WorkOrderAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return {
      module: WorkOrderAlertsModule,
      imports: [alerts],
      controllers: [WorkOrderAlertsHandler, WorkRequestAlertsHandler],
      providers: [RequestContactRepository],
    };
  }
}
