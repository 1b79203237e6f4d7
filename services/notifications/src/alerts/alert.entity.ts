import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AlertSeverity, AlertStatus, SubjectKind } from '../channels';

/**
 * An alert: one per tenant and deduplication key while unresolved (a partial unique index). Its
 * `feed_seq` column (the live stream's position) is set by the database when the change commits
 * (deferred triggers), not mapped here.
 */
@Entity({ name: 'alerts' })
export class Alert {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') type!: string;
  @Column('text') severity!: AlertSeverity;
  @Column('text', { name: 'subject_kind' }) subjectKind!: SubjectKind;
  @Column('text', { name: 'subject_id' }) subjectId!: string;
  @Column('text', { name: 'subject_name', nullable: true }) subjectName!: string | null;
  @Column('text', { name: 'dedupe_key' }) dedupeKey!: string;
  /** The one user whose alert this is (only their inbox and stream show it); null: the tenant's. */
  @Column('text', { name: 'recipient_user_id', nullable: true }) recipientUserId!: string | null;
  /** An external requester's address, e-mailed when the alert opens; never in a response or event. */
  @Column('text', { name: 'recipient_email', nullable: true }) recipientEmail!: string | null;
  /** The subject's location (work order, storeroom) or asset when the event named one: rules' location filter. */
  @Column('uuid', { name: 'location_id', nullable: true }) locationId!: string | null;
  @Column('uuid', { name: 'asset_id', nullable: true }) assetId!: string | null;
  @Column('text') status!: AlertStatus;
  @Column('text') title!: string;
  @Column('text') summary!: string;
  @Column('int', { name: 'occurrence_count' }) occurrenceCount!: number;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt!: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt!: Date;
  @Column('text', { name: 'event_ids', array: true }) eventIds!: string[];
  @Column('int', { name: 'escalation_level' }) escalationLevel!: number;
  @Column('text', { name: 'acknowledged_by', nullable: true }) acknowledgedBy!: string | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('text', { name: 'resolved_by', nullable: true }) resolvedBy!: string | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
