import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { CloudEventEnvelope } from '../envelope/cloud-event-envelope';

/** Where a delivered event came from on Kafka. */
export interface EventCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * What an `@OnEvent` handler receives with `@Ctx()`: the envelope, and the EntityManager of
 * the inbox transaction. Every effect of the handler must go through `manager` so it commits
 * together with the inbox row (exactly-once effect); the tenant is already set for RLS.
 */
export class EventContext extends BaseRpcContext<[CloudEventEnvelope, EntityManager, EventCoordinates]> {
  get envelope(): CloudEventEnvelope {
    return this.args[0];
  }

  get manager(): EntityManager {
    return this.args[1];
  }

  get coordinates(): EventCoordinates {
    return this.args[2];
  }

  get tenantId(): string {
    return this.envelope.tenantId;
  }
}
