import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { NotificationsAlerts1767400000001 } from './1767400000001-notifications-alerts';

/** In order: the messaging tables (outbox, inbox), then the service's own schema. */
export const NOTIFICATIONS_MIGRATIONS: MigrationList = [MessagingSchema1764300000000, NotificationsAlerts1767400000001];
