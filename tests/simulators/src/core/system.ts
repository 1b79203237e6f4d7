/**
 * What a system module provides: the thin, system-specific layer (auth scheme, error shapes, paging,
 * entity naming) on top of the shared core (store, admin API, faults, request counting).
 */
import type { Request, Router } from 'express';
import type { Access, CredentialTemplate } from './credentials';
import type { RateLimitSettings } from './rate-limit';
import type { CollectionSpec, Fields } from './store';
import type { SimulatorState } from './state';

export type SystemKind = 'maximo' | 'sap' | 'fiix' | 'upkeep' | 'maintainx' | 'limble';
export const SYSTEM_KINDS: readonly SystemKind[] = ['maximo', 'sap', 'fiix', 'upkeep', 'maintainx', 'limble'];

/** One HTTP answer: JSON (`json`) or raw text (`text`, e.g. SAP's HTML logon page). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

/** Thrown by a handler to answer with a system-shaped error; the pipeline sends `reply`. */
export class SimulatedFailure extends Error {
  constructor(readonly reply: Reply) {
    super(`simulated ${reply.status}`);
  }
}

/** The system's own error shapes, one per kind of failure the connectors service must tell apart. */
export interface SystemErrors {
  missingCredentials(): Reply;
  /** Wrong, rotated-away or revoked credentials. */
  invalidCredentials(): Reply;
  /** A token or session that ran out (refreshable). */
  expiredCredentials(): Reply;
  permissionDenied(collection: CollectionSpec, access: Access): Reply;
  notFound(what: string): Reply;
  validation(message: string, field?: string): Reply;
  /** Optimistic lock: the record changed since the client read it. */
  staleVersion(): Reply;
  rateLimited(retryAfterSeconds: number): Reply;
  serverError(status: number): Reply;
}

export type AuthOutcome =
  /** Endpoints that take credentials in their body (token endpoint, login) and check them themselves. */
  | { kind: 'public'; credentialId?: string }
  | { kind: 'ok'; credentialId: string }
  /** `reply` overrides the system's usual error where one system answers differently per scheme. */
  | { kind: 'missing'; reply?: Reply }
  | { kind: 'invalid' | 'expired'; credentialId?: string; reply?: Reply };

export interface SystemModule {
  readonly kind: SystemKind;
  readonly title: string;
  /** The fixed port `npm run setup` starts it on. */
  readonly devPort: number;
  /** Where its API starts, printed next to the URL (`/maximo/oslc/os`). */
  readonly apiPath: string;
  readonly collections: readonly CollectionSpec[];
  readonly credentials: readonly CredentialTemplate[];
  /** Lifetime of tokens or sessions it issues (0: it issues none). */
  readonly sessionTtlSeconds: number;
  /** Whether rotating a credential ends the sessions it opened (UpKeep: a password change does). */
  readonly rotationEndsSessions: boolean;
  readonly rateLimit?: RateLimitSettings;
  readonly errors: SystemErrors;
  /** Identifies the credential a request presents and says whether it is accepted. Must not throw. */
  authenticate(req: Request, sim: SimulatorState): AuthOutcome;
  /** Mounts the system's API on `router`; handlers throw SimulatedFailure for system-shaped errors. */
  routes(router: Router, sim: SimulatorState): void;
  /** Records each collection starts with, in native field names. */
  readonly seed: Readonly<Record<string, readonly Fields[]>>;
}
