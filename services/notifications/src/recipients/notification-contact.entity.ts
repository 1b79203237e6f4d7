import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChannelPreference, QuietHours } from '../alert-rules';

/**
 * A person the tenant's alerts may reach: a platform user (the token subject) with the address and
 * roles routing needs, since the platform keeps no user directory. Administrators manage the
 * contact fields (`/api/v1/notification-contacts`); each user keeps their own preferences (and may
 * add themselves) at `/api/v1/notification-preferences/me`. The e-mail is never put in an event.
 */
@Entity({ name: 'notification_contacts' })
export class NotificationContact {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text', { name: 'user_id' }) userId!: string;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { array: true }) roles!: string[];
  /** Role recipients reach them for alerts at or below this location only (null: everywhere). */
  @Column('uuid', { name: 'home_location_id', nullable: true }) homeLocationId!: string | null;
  /** Their own Slack or Teams endpoint (a tenant endpoint an administrator names), for the `chat` channel. */
  @Column('uuid', { name: 'chat_endpoint_id', nullable: true }) chatEndpointId!: string | null;
  @Column('jsonb', { name: 'channel_preferences' }) channelPreferences!: ChannelPreference[];
  @Column('jsonb', { name: 'quiet_hours', nullable: true }) quietHours!: QuietHours | null;
  @Column('boolean', { name: 'digest_opt_out' }) digestOptOut!: boolean;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
