import { Module, type DynamicModule } from '@nestjs/common';
import { PmEventsHandler } from './pm-events.handler';
import { AlertMissedOccurrences } from './use-cases/alert-missed-occurrences';

/** Alerts from preventive maintenance; the alerts module (with its notifier) is given by the app. */
@Module({})
export class PmAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return { module: PmAlertsModule, imports: [alerts], controllers: [PmEventsHandler], providers: [AlertMissedOccurrences] };
  }
}
