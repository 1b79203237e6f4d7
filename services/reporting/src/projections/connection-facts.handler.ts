import {
  ConnectionAuthFailedSchema,
  ConnectionCreatedSchema,
  ConnectionDegradedSchema,
  ConnectionDeletedSchema,
  ConnectionPausedSchema,
  ConnectionReauthRequiredSchema,
  ConnectionRestoredSchema,
  ConnectionResumedSchema,
  WriteFailedSchema,
  WriteSucceededSchema,
  RecordDeletedSchema,
  RecordUpsertedSchema,
  ConnectionStatus,
  topicSpecFor,
  type ConnectionCreated,
  type ConnectionDegraded,
  type ConnectionDeleted,
  type ConnectionPaused,
  type ConnectionReauthRequired,
  type ConnectionRestored,
  type ConnectionResumed,
} from '@mate/contracts';
import { EventContext, OnEvent, subscribe } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ConnectionState } from '../kpis';
import { timeField, uuidField } from './event-fields';
import { HealthFactWriter } from './health-fact-writer';
import { Projection } from './projection';

/** A status as a state with time in it; disconnected (deleted) and unspecified have none. */
const STATES: Partial<Record<ConnectionStatus, ConnectionState>> = {
  [ConnectionStatus.CONNECTED]: 'connected',
  [ConnectionStatus.DEGRADED]: 'degraded',
  [ConnectionStatus.REAUTH_REQUIRED]: 'reauth_required',
  [ConnectionStatus.PAUSED]: 'paused',
};

interface Transition {
  connectionId: string;
  system: string;
}

/**
 * The connectors service's events (mate.connectors.v1) → connection_state_facts: one interval per
 * state a connection was in, from the transition into it to the next; its id is the id (ce_id) of
 * the event that entered it. Time to reconnect and reauthorizations are read from the intervals.
 */
@Controller()
export class ConnectionFactsHandler {
  constructor(@Inject(Projection) private readonly projection: Projection) {}

  @OnEvent(ConnectionCreatedSchema)
  async onCreated(@Payload() event: ConnectionCreated, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, STATES[event.status] ?? 'connected', timeField(event.createdAt, 'created_at'), 'created');
  }

  @OnEvent(ConnectionDegradedSchema)
  async onDegraded(@Payload() event: ConnectionDegraded, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, 'degraded', timeField(event.occurredAt, 'occurred_at'), event.reason);
  }

  @OnEvent(ConnectionReauthRequiredSchema)
  async onReauthRequired(@Payload() event: ConnectionReauthRequired, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, 'reauth_required', timeField(event.occurredAt, 'occurred_at'), event.reason);
  }

  @OnEvent(ConnectionRestoredSchema)
  async onRestored(@Payload() event: ConnectionRestored, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, 'connected', timeField(event.occurredAt, 'occurred_at'), event.reason);
  }

  @OnEvent(ConnectionPausedSchema)
  async onPaused(@Payload() event: ConnectionPaused, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, 'paused', timeField(event.occurredAt, 'occurred_at'), `paused by ${event.pausedBy}`);
  }

  @OnEvent(ConnectionResumedSchema)
  async onResumed(@Payload() event: ConnectionResumed, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, STATES[event.status] ?? 'connected', timeField(event.occurredAt, 'occurred_at'), `resumed by ${event.resumedBy}`);
  }

  /** Deleted: its last interval ends; a deleted connection spends no time in any state. */
  @OnEvent(ConnectionDeletedSchema)
  async onDeleted(@Payload() event: ConnectionDeleted, @Ctx() ctx: EventContext): Promise<void> {
    if (!(await this.projection.claim(ctx))) return;
    await this.enter(ctx, event, undefined, timeField(event.deletedAt, 'deleted_at'), 'deleted');
  }

  private async enter(ctx: EventContext, event: Transition, state: ConnectionState | undefined, at: Date, reason: string): Promise<void> {
    await HealthFactWriter.transition(ctx.manager, ctx.tenantId, {
      intervalId: ctx.envelope.id,
      connectionId: uuidField(event.connectionId, 'connection_id'),
      system: event.system,
      at,
      state,
      reason,
    });
  }
}

/** What reporting consumes from mate.connectors.v1. */
export const CONNECTION_EVENTS = subscribe(topicSpecFor('connectors'), {
  handlers: [ConnectionFactsHandler],
  ignored: [
    { schema: ConnectionAuthFailedSchema, reason: 'not a transition: ConnectionReauthRequired follows a definitive failure' },
    { schema: WriteSucceededSchema, reason: 'writes through the unified API are not connection facts' },
    { schema: WriteFailedSchema, reason: 'writes through the unified API are not connection facts' },
    { schema: RecordUpsertedSchema, reason: 'synced records of connected systems are not connection facts' },
    { schema: RecordDeletedSchema, reason: 'synced records of connected systems are not connection facts' },
  ],
});
