import {
  ConnectionAuthFailedSchema,
  ConnectionDegradedSchema,
  ConnectionDeletedSchema,
  ConnectionReauthRequiredSchema,
  ConnectionRestoredSchema,
  type ConnectionAuthFailed,
  type ConnectionDegraded,
  type ConnectionDeleted,
  type ConnectionReauthRequired,
  type ConnectionRestored,
} from '@mate/contracts';
import { OnEventBatch, PermanentEventError, type BatchedEvent, type EventBatchContext } from '@mate/messaging';
import { isUuid } from '@mate/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RecordAlertOccurrence, ResolveOnRecovery } from '../alerts';
import { authFailedRepeat, connectionRecovery, degradedAlert, reauthRequiredAlert } from './connection-alerts';

/** The connection id of an event: a uuid, or the event can never be handled (dead-lettered). */
function connectionIdOf(event: { connectionId: string }): string {
  if (!isUuid(event.connectionId)) throw new PermanentEventError('connection_id is not a uuid');
  return event.connectionId;
}

/**
 * mate.connectors.v1 into alerts, in the inbox transaction of the events (a redelivered event
 * changes nothing): the alert rows and the deliveries due, never a send. Handled a run at a time
 * (`@OnEventBatch`) because a credential revoked under many connections at once arrives as a burst:
 * one transaction per run instead of per event is what keeps the first alert's webhook from waiting
 * behind a hundred commits (B8). Each event is still applied in order, one after the other, so a
 * run gives the same effects as its events one per call (which is how a failed run is replayed).
 */
@Controller()
export class ConnectionEventsHandler {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
  ) {}

  @OnEventBatch(ConnectionReauthRequiredSchema)
  async onReauthRequired(@Payload() events: BatchedEvent<ConnectionReauthRequired>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    for (const { payload, envelope } of events) {
      connectionIdOf(payload);
      await this.record.execute(ctx.manager, reauthRequiredAlert(payload, envelope));
    }
  }

  @OnEventBatch(ConnectionAuthFailedSchema)
  async onAuthFailed(@Payload() events: BatchedEvent<ConnectionAuthFailed>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    for (const { payload, envelope } of events) {
      connectionIdOf(payload);
      await this.record.executeRepeat(ctx.manager, authFailedRepeat(payload, envelope));
    }
  }

  @OnEventBatch(ConnectionDegradedSchema)
  async onDegraded(@Payload() events: BatchedEvent<ConnectionDegraded>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    for (const { payload, envelope } of events) {
      connectionIdOf(payload);
      await this.record.execute(ctx.manager, degradedAlert(payload, envelope));
    }
  }

  @OnEventBatch(ConnectionRestoredSchema)
  async onRestored(@Payload() events: BatchedEvent<ConnectionRestored>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    for (const { payload, envelope } of events) {
      await this.resolve.execute(ctx.manager, connectionRecovery('connection.restored', connectionIdOf(payload), payload.occurredAt, envelope));
    }
  }

  @OnEventBatch(ConnectionDeletedSchema)
  async onDeleted(@Payload() events: BatchedEvent<ConnectionDeleted>[], @Ctx() ctx: EventBatchContext): Promise<void> {
    for (const { payload, envelope } of events) {
      await this.resolve.execute(ctx.manager, connectionRecovery('connection.deleted', connectionIdOf(payload), payload.deletedAt, envelope));
    }
  }
}
