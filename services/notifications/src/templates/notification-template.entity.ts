import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TemplateChannel = 'email';

/** A tenant's own e-mail template of one alert type (`/api/v1/notification-templates`); Liquid in each part. */
@Entity({ name: 'notification_templates' })
export class NotificationTemplate {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text', { name: 'alert_type' }) alertType!: string;
  @PrimaryColumn('text') channel!: TemplateChannel;
  @Column('text') subject!: string;
  @Column('text') text!: string;
  @Column('text') mjml!: string;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
