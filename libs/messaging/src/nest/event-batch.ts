import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEventEnvelope } from '../envelope/cloud-event-envelope';
import type { EventCoordinates } from './event-context';

/** One event of an `@OnEventBatch` handler's call. */
export interface BatchedEvent<T> {
  payload: T;
  envelope: CloudEventEnvelope;
  coordinates: EventCoordinates;
}

/** What a batch handler receives with `@Ctx()`: the inbox transaction and the events' tenant. */
export class EventBatchContext extends BaseRpcContext<[EntityManager, string]> {
  get manager(): EntityManager {
    return this.args[0];
  }

  get tenantId(): string {
    return this.args[1];
  }
}
