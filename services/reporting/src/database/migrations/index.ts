import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { ReportingFacts1767300000001 } from './1767300000001-reporting-facts';
import { ProjectionGenerations1767300000002 } from './1767300000002-projection-generations';

/** In order: the messaging tables (outbox, inbox), then the service's own schema. */
export const REPORTING_MIGRATIONS: MigrationList = [MessagingSchema1764300000000, ReportingFacts1767300000001, ProjectionGenerations1767300000002];
