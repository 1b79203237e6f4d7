import { Module, type DynamicModule } from '@nestjs/common';
import { AlertRoutingModule } from '../alert-routing';
import { DeliverySchedulingModule } from '../deliveries/delivery-scheduling.module';
import { RecipientsModule } from '../recipients';
import { EscalateAlert } from './escalate-alert';
import { EscalatingNotifier } from './escalating-notifier';
import { EscalationJob } from './escalation.job';
import { EscalationRepository } from './escalation.repository';
import { EscalationsDueJob } from './escalations-due.job';

/** The notifier the alerts feature is given: deliveries plus escalation timers. */
@Module({
  imports: [AlertRoutingModule, DeliverySchedulingModule, RecipientsModule],
  providers: [EscalationRepository, EscalatingNotifier],
  exports: [EscalationRepository, EscalatingNotifier, AlertRoutingModule, DeliverySchedulingModule],
})
export class EscalationSchedulingModule {}

/** Firing the timers; the alerts module (with AlertChanges) is given by the app. */
@Module({})
export class EscalationsModule {
  static register(alerts: DynamicModule): DynamicModule {
    return {
      module: EscalationsModule,
      imports: [alerts, EscalationSchedulingModule],
      providers: [EscalateAlert, EscalationJob, EscalationsDueJob],
    };
  }
}
