import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { PmSchedulingSchema1767400000000 } from './1767400000000-pm-scheduling-schema';

/** In order: the messaging tables (outbox, inbox), then the service's own schema. */
export const PM_SCHEDULING_MIGRATIONS: MigrationList = [MessagingSchema1764300000000, PmSchedulingSchema1767400000000];
