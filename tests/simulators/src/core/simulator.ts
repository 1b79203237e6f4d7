/** Starts one simulated system on 127.0.0.1: its API behind the shared pipeline, and the admin API. */
import express from 'express';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorAdmin } from './admin-client';
import { ADMIN_PREFIX, adminRouter } from './admin-api';
import { apiRouter } from './pipeline';
import type { RateLimitSettings } from './rate-limit';
import type { LoggedRequest } from './request-log';
import { SimulatorState } from './state';
import type { SystemModule } from './system';

export interface SimulatorOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Seeds credentials and tokens; the same seed gives the same credentials (default: random). */
  seed?: number;
  /** Default: random. */
  adminToken?: string;
  sessionTtlSeconds?: number;
  /** Overrides the system's own limit; null turns it off. */
  rateLimit?: RateLimitSettings | null;
  onRequest?: (request: LoggedRequest) => void;
}

export interface RunningSimulator {
  readonly system: SystemModule;
  /** `http://127.0.0.1:<port>`: the base URL a connection points at. */
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  readonly admin: SimulatorAdmin;
  /** In-process access for tests that need more than the admin API. */
  readonly state: SimulatorState;
  close(): Promise<void>;
}

export async function startSimulator(system: SystemModule, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? randomBytes(4).readUInt32BE(0);
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const state = new SimulatorState(system, { seed, sessionTtlSeconds: options.sessionTtlSeconds, rateLimit: options.rateLimit, onRequest: options.onRequest });
  let url = '';

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(ADMIN_PREFIX, adminRouter(state, adminToken, () => url));
  app.use(apiRouter(state));

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: a simulator is never reachable from another machine.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    system,
    url,
    port,
    adminToken,
    admin: new SimulatorAdmin(url, adminToken),
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Requests held by a `timeout` fault would keep the server open forever.
        server.closeAllConnections();
      }),
  };
}
