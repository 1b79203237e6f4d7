/** Everything one simulator holds; `reset()` brings it back to how it started (same seed, same credentials). */
import type { Response } from 'express';
import { CredentialRegistry, SessionStore, sessionState, type Access, type Permission } from './credentials';
import { FaultInjector } from './faults';
import { seededRandom, systemSeed, type Random } from './random';
import { RateLimiter, type RateLimitSettings } from './rate-limit';
import { RequestLog, type LoggedRequest } from './request-log';
import { DataStore, type Collection, type StoredRecord } from './store';
import { SimulatedFailure, type AuthOutcome, type SystemModule } from './system';

export interface StateOptions {
  seed: number;
  sessionTtlSeconds?: number;
  rateLimit?: RateLimitSettings | null;
  /** Called when each API request has been answered (the command line logs them). */
  onRequest?: (request: LoggedRequest) => void;
}

export class SimulatorState {
  random!: Random;
  store!: DataStore;
  credentials!: CredentialRegistry;
  sessions!: SessionStore;
  faults!: FaultInjector;
  requests!: RequestLog;
  rateLimiter!: RateLimiter;
  sessionTtlSeconds!: number;

  constructor(
    readonly system: SystemModule,
    readonly options: StateOptions,
  ) {
    this.reset();
  }

  reset(): void {
    this.random = seededRandom(systemSeed(this.options.seed, this.system.kind));
    this.store = new DataStore(this.system.collections);
    this.credentials = new CredentialRegistry(this.system.credentials, this.random, allPermissions(this.system));
    this.sessions = new SessionStore(this.random);
    this.faults = new FaultInjector();
    this.requests = new RequestLog();
    this.rateLimiter = new RateLimiter(this.options.rateLimit === undefined ? (this.system.rateLimit ?? null) : this.options.rateLimit);
    this.sessionTtlSeconds = this.options.sessionTtlSeconds ?? this.system.sessionTtlSeconds;
    for (const [name, records] of Object.entries(this.system.seed)) {
      const collection = this.store.collection(name);
      if (!collection) throw new Error(`${this.system.kind} seeds unknown collection ${name}`);
      for (const fields of records) collection.create(fields);
    }
  }

  /** The collection, if the connected account may `access` it; else the system's not-found or permission error. */
  authorize(name: string, access: Access): Collection {
    const collection = this.store.collection(name);
    if (!collection) throw new SimulatedFailure(this.system.errors.notFound(name));
    if (!this.credentials.may(`${collection.spec.entity}:${access}`)) {
      throw new SimulatedFailure(this.system.errors.permissionDenied(collection.spec, access));
    }
    return collection;
  }

  /** A record the API can see, or the system's not-found error. */
  record(collection: Collection, id: unknown): StoredRecord {
    const record = collection.get(Number(id));
    if (!record) throw new SimulatedFailure(this.system.errors.notFound(`${collection.spec.name} ${String(id)}`));
    return record;
  }

  /** Authentication by a token or session this simulator issued (SAP access tokens, UpKeep sessions). */
  sessionOutcome(token: string | undefined): AuthOutcome {
    if (!token) return { kind: 'missing' };
    const session = this.sessions.find(token);
    if (!session) return { kind: 'invalid' };
    const state = sessionState(session);
    if (state === 'live') return { kind: 'ok', credentialId: session.credentialId };
    return { kind: state === 'expired' ? 'expired' : 'invalid', credentialId: session.credentialId };
  }

  /** The credential the pipeline accepted for this request. */
  credentialIdOf(res: Response): string {
    return String(res.locals.credentialId);
  }
}

export function allPermissions(system: SystemModule): Permission[] {
  return system.collections.flatMap((c) => [`${c.entity}:read`, `${c.entity}:write`] as Permission[]);
}
