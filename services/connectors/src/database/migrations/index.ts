import { JobQueueSchema1764400000000 } from '@mate/jobs';
import { MessagingSchema1764300000000 } from '@mate/messaging';
import type { MigrationList } from '@mate/service-kit';
import { ConnectorsSchema1796371618857 } from './1796371618857-connectors-schema';
import { ConnectorsJobQueues1796371618858 } from './1796371618858-connectors-job-queues';
import { ConnectSessionsForNewConnections1796371618859 } from './1796371618859-connect-sessions-for-new-connections';
import { UnifiedSettings1796371618860 } from './1796371618860-unified-settings';
import { Sync1796371618861 } from './1796371618861-sync';
import { RateBudgets1796371618862 } from './1796371618862-rate-budgets';
import { Writes1796371618863 } from './1796371618863-writes';

/** In order: the messaging tables (outbox, inbox), the job queue schema, then the service's own schema and queues, then later changes. */
export const CONNECTORS_MIGRATIONS: MigrationList = [
  MessagingSchema1764300000000,
  JobQueueSchema1764400000000,
  ConnectorsSchema1796371618857,
  ConnectorsJobQueues1796371618858,
  ConnectSessionsForNewConnections1796371618859,
  UnifiedSettings1796371618860,
  Sync1796371618861,
  RateBudgets1796371618862,
  Writes1796371618863,
];
