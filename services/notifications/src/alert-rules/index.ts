export { ALERT_SEVERITIES, ALERT_TYPES, isAlertType, severityAtLeast, type AlertType, type AlertTypeDefinition } from './alert-types';
export { applyOccurrence, dedupeKey, personalScope, isUnresolved, MAX_EVENT_IDS, type AlertOccurrence, type AlertState, type OccurrenceDecision } from './alert-occurrence';
export { planDeliveries, ruleMatches, nextDigestAt, DEFAULT_DIGEST_WINDOW_SECONDS, DIGEST_CHANNELS, type RoutingRule, type PlannedDelivery } from './delivery-routing';
export { quietHoursEnd, isClockTime, isTimeZone, type QuietHours } from './quiet-hours';
export { nextEscalation, escalationDue, type EscalationPolicy, type EscalationState, type EscalationStep } from './escalation';
export { alertsResolvedBy, type ResolvableAlert } from './restoration';
export { planPersonDeliveries, channelsFor, contactsNamed, kindsOutOfInbox, earliestPerTarget, PERSON_CHANNELS, type PersonChannel, type AlertKind, type ChannelPreference, type PersonContact, type PersonRecipient, type RoutedAlert } from './person-routing';
