export { Alert } from './alert.entity';
export { AlertRepository } from './alert.repository';
export { AlertChanges } from './alert.changes';
export { AlertNotifier } from './alert-notifier';
export { toAlertMessage } from './alert-message.mapper';
export { RecordAlertOccurrence, type RecordAlertOccurrenceCommand } from './use-cases/record-alert-occurrence';
export { ResolveOnRecovery, type RecoveryCommand } from './use-cases/resolve-on-recovery';
