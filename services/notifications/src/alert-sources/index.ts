export { eventTime, occurrenceOf, optionalUuid, requireUuid, sourceEventOf, type SourceEvent } from './source-event';
