import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EscalationPolicy, PersonRecipient, QuietHours } from '../alert-rules';
import type { AlertSeverity, ChannelKind } from '../channels';

/** A tenant's routing rule (`/api/v1/alert-rules`): which alerts go to which targets, and when. */
@Entity({ name: 'alert_rules' })
export class AlertRule {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') name!: string;
  /** Empty: every alert type. */
  @Column('text', { name: 'alert_types', array: true }) alertTypes!: string[];
  @Column('text', { name: 'min_severity' }) minSeverity!: AlertSeverity;
  @Column('jsonb') targets!: Array<{ channel: ChannelKind; targetId: string }>;
  /** People: a user (by id) or everyone holding a role, each on the channels of their preferences. */
  @Column('jsonb') recipients!: PersonRecipient[];
  /** Only alerts whose subject is at this location or below it (null: everywhere). */
  @Column('uuid', { name: 'location_id', nullable: true }) locationId!: string | null;
  @Column('jsonb', { name: 'quiet_hours', nullable: true }) quietHours!: QuietHours | null;
  @Column('boolean') digest!: boolean;
  @Column('jsonb', { nullable: true }) escalation!: EscalationPolicy | null;
  @Column('boolean') enabled!: boolean;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
