import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { AlertChanges } from './alert.changes';
import { AlertNotifier } from './alert-notifier';
import { AlertStoreModule } from './alert-store.module';
import { AlertsController } from './alerts.controller';
import { InboxPreferences } from './inbox-preferences';
import { ChangeAlertStatus } from './use-cases/change-alert-status';
import { ListAlerts } from './use-cases/list-alerts';
import { RecordAlertOccurrence } from './use-cases/record-alert-occurrence';
import { ResolveOnRecovery } from './use-cases/resolve-on-recovery';
import { StreamAlerts } from './use-cases/stream-alerts';

export interface AlertsModuleOptions {
  /** What schedules an alert's deliveries, and the modules it needs: the deliveries feature (given by the app, so alerts/ does not import it). */
  notifier: Type<AlertNotifier>;
  /** What a reader's preferences keep out of their inbox (the recipients feature). */
  inboxPreferences: Type<InboxPreferences>;
  imports: NonNullable<ModuleMetadata['imports']>;
}

@Module({})
export class AlertsModule {
  static register(options: AlertsModuleOptions): DynamicModule {
    return {
      module: AlertsModule,
      imports: [AlertStoreModule, ...options.imports],
      controllers: [AlertsController],
      providers: [
        AlertChanges,
        { provide: AlertNotifier, useExisting: options.notifier },
        { provide: InboxPreferences, useExisting: options.inboxPreferences },
        RecordAlertOccurrence,
        ResolveOnRecovery,
        ChangeAlertStatus,
        ListAlerts,
        StreamAlerts,
      ],
      exports: [AlertStoreModule, AlertChanges, RecordAlertOccurrence, ResolveOnRecovery],
    };
  }
}
