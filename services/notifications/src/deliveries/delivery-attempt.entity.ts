import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChannelKind, DeliveryOutcome } from '../channels';

/** The delivery log: one row per attempt (status, latency, response code, our reason; no secret, no body). */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'delivery_id' }) deliveryId!: string;
  @Column('int') attempt!: number;
  @Column('text') channel!: ChannelKind;
  @Column('text') outcome!: DeliveryOutcome['kind'];
  @Column('int', { name: 'response_status', nullable: true }) responseStatus!: number | null;
  @Column('int', { name: 'latency_ms' }) latencyMs!: number;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('timestamptz', { name: 'attempted_at' }) attemptedAt!: Date;
}
