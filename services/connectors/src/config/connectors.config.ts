import { bool, num, str } from 'envalid';
import type { ServiceConfig } from '@mate/service-kit';

export const CONNECTORS_SERVICE = 'connectors';

/** The service's database on the server of DATABASE_URL. */
export const CONNECTORS_DATABASE = 'mate_connectors';

/** Development only (`devDefault`): production must configure its own master key. */
const DEV_MASTER_KEYS = `1:${Buffer.alloc(32, 'mate-dev-master-key').toString('base64')}`;

/** The service's own environment variables, validated at boot on top of the chassis' common ones. */
export const CONNECTORS_CONFIG_SPEC = {
  /**
   * Secret. Master keys that wrap each tenant's data key: `<version>:<base64 of 32 bytes>`,
   * comma-separated, the current key first. To rotate: put the new key first and keep the old one
   * after it, deploy, run `npm run connectors:rewrap-keys`, then drop the old one.
   */
  CONNECTORS_MASTER_KEYS: str({ devDefault: DEV_MASTER_KEYS }),
  /** Default seconds between health probes of a connection (each connection can set its own). */
  CONNECTORS_PROBE_INTERVAL_SECONDS: num({ default: 300 }),
  /** How often a probe round looks for due connections. */
  CONNECTORS_PROBE_ROUND_SECONDS: num({ default: 30 }),
  /** Probes in flight at once per replica. */
  CONNECTORS_PROBE_CONCURRENCY: num({ default: 8 }),
  /** Transient failures within the window that make a connection `degraded`. */
  CONNECTORS_DEGRADE_AFTER_FAILURES: num({ default: 3 }),
  CONNECTORS_DEGRADE_WINDOW_SECONDS: num({ default: 300 }),
  /** One upstream attempt, connect to last byte. */
  CONNECTORS_UPSTREAM_TIMEOUT_MS: num({ default: 15_000 }),
  /** Upstream requests in flight per connection. */
  CONNECTORS_UPSTREAM_CONCURRENCY: num({ default: 4 }),
  /** Proactive rate budgets per connection (SYSTEM_RATE_LIMITS); off leaves only the reaction to 429/Retry-After. */
  CONNECTORS_RATE_BUDGETS_ENABLED: bool({ default: true }),
  /** The longest a call waits for its rate budget before it fails `rate_limited` (the bound on throttled waits). */
  CONNECTORS_RATE_BUDGET_MAX_WAIT_MS: num({ default: 60_000 }),
  /** Throttled replies (429, throttling 403) waited out per their Retry-After before a call fails `rate_limited`. */
  CONNECTORS_RATE_LIMIT_RETRIES: num({ default: 3 }),
  /** The longest single Retry-After honoured; longer fails the call `rate_limited` at once (a sync retries it later). */
  CONNECTORS_MAX_RETRY_AFTER_MS: num({ default: 30_000 }),
  /** How long a connect session (reauthorization link) stays usable. */
  CONNECTORS_CONNECT_SESSION_SECONDS: num({ default: 1_800 }),
  /** The hosted connect page; the session token is added in its fragment. */
  CONNECTORS_CONNECT_PAGE_URL: str({ default: 'http://localhost:8080/connect' }),
  /** A sync job pages this long, then queues its continuation from the checkpoint (a killed replica's run is picked up after a short expiry). */
  CONNECTORS_SYNC_SLICE_SECONDS: num({ default: 60 }),
  /** An incremental sync looks this far before the previous run's start again (clock skew, offset pages shifted by changes). */
  CONNECTORS_SYNC_WATERMARK_OVERLAP_SECONDS: num({ default: 60 }),
  /** Records per sync page; 0 takes each system's own default (PAGE_SIZES in src/sync). Tests use small pages to page a small seed. */
  CONNECTORS_SYNC_PAGE_SIZE: num({ default: 0 }),
  /** How often the schedule round looks for due scheduled syncs. */
  CONNECTORS_SYNC_SCHEDULE_ROUND_SECONDS: num({ default: 30 }),
};

export type ConnectorsConfig = ServiceConfig<typeof CONNECTORS_CONFIG_SPEC>;
