import { ConnectionCreatedSchema, ConnectionPausedSchema, ConnectionResumedSchema, RecordDeletedSchema, RecordUpsertedSchema, WriteFailedSchema, WriteSucceededSchema, topicSpecFor } from '@mate/contracts';
import { subscribe } from '@mate/messaging';
import { ConnectionEventsHandler } from './connection-events.handler';

/** What the notifications service consumes from mate.connectors.v1: a connection's health, as alerts. */
export const CONNECTION_EVENTS = subscribe(topicSpecFor('connectors'), {
  handlers: [ConnectionEventsHandler],
  ignored: [
    { schema: ConnectionCreatedSchema, reason: 'a new connection is working (its credentials were just verified): nothing to tell' },
    { schema: ConnectionPausedSchema, reason: 'an administrator paused it on purpose; a pause neither opens nor resolves an alert' },
    { schema: ConnectionResumedSchema, reason: 'resuming returns to the status it had, whose alert (if any) is still open; the next failure or restore tells' },
    { schema: WriteSucceededSchema, reason: 'a write through the unified API is its caller\'s business, answered synchronously; no alert' },
    { schema: WriteFailedSchema, reason: 'the caller got the failure in the reply; an upstream failure that matters for health arrives as the connection\'s own events' },
    { schema: RecordUpsertedSchema, reason: 'synced records are data for services that mirror them, not alerts' },
    { schema: RecordDeletedSchema, reason: 'synced records are data for services that mirror them, not alerts' },
  ],
});
