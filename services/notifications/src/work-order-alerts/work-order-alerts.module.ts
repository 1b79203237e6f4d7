import { Module, type DynamicModule } from '@nestjs/common';
import { RequestContactRepository } from './request-contact.repository';
import { AlertAssignees } from './use-cases/alert-assignees';
import { AlertOverdueWork } from './use-cases/alert-overdue-work';
import { TellRequester } from './use-cases/tell-requester';
import { WorkOrderEventsHandler } from './work-order-events.handler';
import { WorkRequestEventsHandler } from './work-request-events.handler';

/** Alerts from work orders and work requests; the alerts module (with its notifier) is given by the app. */
@Module({})
export class WorkOrderAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return {
      module: WorkOrderAlertsModule,
      imports: [alerts],
      controllers: [WorkOrderEventsHandler, WorkRequestEventsHandler],
      providers: [RequestContactRepository, AlertAssignees, AlertOverdueWork, TellRequester],
    };
  }
}
