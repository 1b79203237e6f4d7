import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AlertNotificationType, ChannelKind } from '../channels';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One notification of one alert to one target, or (`digestAt` set, no alert) the digest of one
 * target's window, its alerts in `digest_entries`. Its id is the webhook-id and the e-mail's
 * Message-ID on every attempt. Written in the transaction that changed the alert; sent later by
 * the job queue when `next_attempt_at` is due.
 */
@Entity({ name: 'deliveries' })
export class Delivery {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('uuid', { name: 'alert_id', nullable: true }) alertId!: string | null;
  @Column('text') notification!: AlertNotificationType;
  @Column('text') channel!: ChannelKind;
  @Column('uuid', { name: 'target_id' }) targetId!: string;
  @Column('text') status!: DeliveryStatus;
  @Column('int') attempts!: number;
  @Column('timestamptz', { name: 'first_attempt_at', nullable: true }) firstAttemptAt!: Date | null;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  /** A digest's send time (the end of its window): unique per tenant, channel and target. */
  @Column('timestamptz', { name: 'digest_at', nullable: true }) digestAt!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
