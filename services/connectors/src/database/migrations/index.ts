import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { ConnectorsSchema1796371618857 } from './1796371618857-connectors-schema';

/** In order: the messaging tables (outbox, inbox), then the service's own schema. */
export const CONNECTORS_MIGRATIONS: MigrationList = [MessagingSchema1764300000000, ConnectorsSchema1796371618857];
