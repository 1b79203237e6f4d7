import { JobQueueSchema1764400000000 } from '@mate/jobs';
import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { NotificationsAlerts1767400000001 } from './1767400000001-notifications-alerts';
import { NotificationsJobQueues1767400000002 } from './1767400000002-notifications-job-queues';
import { NotificationsEscalations1767400000003 } from './1767400000003-notifications-escalations';
import { NotificationsAlertSources1767400000021 } from './1767400000021-notifications-alert-sources';
import { NotificationsSealedWebhookSecrets1767400000031 } from './1767400000031-notifications-sealed-webhook-secrets';
import { NotificationsTemplates1767400000032 } from './1767400000032-notifications-templates';
import { NotificationsDigestsAndDeliveryClaims1767400000040 } from './1767400000040-notifications-digests-and-delivery-claims';
import { NotificationsRecipientsLocationsAllowLists1767400000061 } from './1767400000061-notifications-recipients-locations-allow-lists';
import { NotificationsFeedNumberedAtCommit1767400000070 } from './1767400000070-notifications-feed-numbered-at-commit';

/** In order: the messaging tables (outbox, inbox), the job queue's schema, then the service's own schema and queues. */
export const NOTIFICATIONS_MIGRATIONS: MigrationList = [
  MessagingSchema1764300000000,
  JobQueueSchema1764400000000,
  NotificationsAlerts1767400000001,
  NotificationsJobQueues1767400000002,
  NotificationsEscalations1767400000003,
  NotificationsAlertSources1767400000021,
  NotificationsSealedWebhookSecrets1767400000031,
  NotificationsTemplates1767400000032,
  NotificationsDigestsAndDeliveryClaims1767400000040,
  NotificationsRecipientsLocationsAllowLists1767400000061,
  NotificationsFeedNumberedAtCommit1767400000070,
];
