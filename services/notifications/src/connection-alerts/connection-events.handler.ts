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
import { EventContext, OnEvent, PermanentEventError } from '@mate/messaging';
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
 * mate.connectors.v1 into alerts, in the event's inbox transaction (a redelivered event changes
 * nothing): the alert rows and the deliveries due, never a send.
 */
@Controller()
export class ConnectionEventsHandler {
  constructor(
    @Inject(RecordAlertOccurrence) private readonly record: RecordAlertOccurrence,
    @Inject(ResolveOnRecovery) private readonly resolve: ResolveOnRecovery,
  ) {}

  @OnEvent(ConnectionReauthRequiredSchema)
  async onReauthRequired(@Payload() event: ConnectionReauthRequired, @Ctx() ctx: EventContext): Promise<void> {
    connectionIdOf(event);
    await this.record.execute(ctx.manager, reauthRequiredAlert(event, ctx.envelope));
  }

  @OnEvent(ConnectionAuthFailedSchema)
  async onAuthFailed(@Payload() event: ConnectionAuthFailed, @Ctx() ctx: EventContext): Promise<void> {
    connectionIdOf(event);
    await this.record.executeRepeat(ctx.manager, authFailedRepeat(event, ctx.envelope));
  }

  @OnEvent(ConnectionDegradedSchema)
  async onDegraded(@Payload() event: ConnectionDegraded, @Ctx() ctx: EventContext): Promise<void> {
    connectionIdOf(event);
    await this.record.execute(ctx.manager, degradedAlert(event, ctx.envelope));
  }

  @OnEvent(ConnectionRestoredSchema)
  async onRestored(@Payload() event: ConnectionRestored, @Ctx() ctx: EventContext): Promise<void> {
    await this.resolve.execute(ctx.manager, connectionRecovery('connection.restored', connectionIdOf(event), event.occurredAt, ctx.envelope));
  }

  @OnEvent(ConnectionDeletedSchema)
  async onDeleted(@Payload() event: ConnectionDeleted, @Ctx() ctx: EventContext): Promise<void> {
    await this.resolve.execute(ctx.manager, connectionRecovery('connection.deleted', connectionIdOf(event), event.deletedAt, ctx.envelope));
  }
}
