export { eventTime, occurrenceOf, requireUuid, sourceEventOf, type SourceEvent } from './source-event';
