export { EscalationSchedulingModule, EscalationsModule } from './escalations.module';
export { EscalatingNotifier } from './escalating-notifier';
export { EscalationRepository } from './escalation.repository';
export { EscalateAlert } from './escalate-alert';
export { EscalationJob, ESCALATION_JOB } from './escalation.job';
