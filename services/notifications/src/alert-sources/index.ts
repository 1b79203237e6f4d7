export { eventTime, occurrenceOf, requireUuid } from './source-event';
