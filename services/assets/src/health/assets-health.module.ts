import { Module } from '@nestjs/common';
import { MessagingHealth } from '@mate/messaging';

export const KAFKA_CONSUMER_LIVENESS = Symbol('KAFKA_CONSUMER_LIVENESS');
export const KAFKA_GROUP_READINESS = Symbol('KAFKA_GROUP_READINESS');
export const OUTBOX_BACKLOG_READINESS = Symbol('OUTBOX_BACKLOG_READINESS');

/** The messaging library's checks, one provider each, for the chassis' HealthModule. */
@Module({
  providers: [
    { provide: KAFKA_CONSUMER_LIVENESS, inject: [MessagingHealth], useFactory: (health: MessagingHealth) => health.liveness()[0] },
    { provide: KAFKA_GROUP_READINESS, inject: [MessagingHealth], useFactory: (health: MessagingHealth) => health.readiness()[0] },
    { provide: OUTBOX_BACKLOG_READINESS, inject: [MessagingHealth], useFactory: (health: MessagingHealth) => health.readiness()[1] },
  ],
  exports: [KAFKA_CONSUMER_LIVENESS, KAFKA_GROUP_READINESS, OUTBOX_BACKLOG_READINESS],
})
export class AssetsHealthModule {}
