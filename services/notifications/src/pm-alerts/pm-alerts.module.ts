import { Module, type DynamicModule } from '@nestjs/common';
import { PmAlertsHandler } from './pm-alerts.handler';

/** Alerts from preventive maintenance; the alerts module (with its notifier) is given by the app. */
@Module({})
export class PmAlertsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return { module: PmAlertsModule, imports: [alerts], controllers: [PmAlertsHandler] };
  }
}
