export interface JobsModuleOptions {
  serviceName: string;
  /** The application role's URL (never the owner's): pg-boss keeps a small pool of its own there. */
  databaseUrl: string;
  /**
   * How often an idle worker looks for jobs (default 2 s, at least 0.5 s). Only the fallback: a job
   * sent through JobQueue wakes the idle workers of its queue when its transaction commits (NOTIFY).
   */
  pollingIntervalSeconds?: number;
  /** On shutdown, how long running jobs may take to finish before they are failed (and retried later). */
  shutdownTimeoutMs?: number;
  /** Connections of pg-boss's pool (default 4). */
  poolSize?: number;
  /** How soon a lost wake-up (LISTEN) session is reopened (default 5 s); workers poll meanwhile. */
  wakeupReconnectMs?: number;
  /** How often the queue-depth gauge is refreshed (default 15 s). */
  queueDepthRefreshMs?: number;
}

export const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');
