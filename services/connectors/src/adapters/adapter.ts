/**
 * The one interface every target system's adapter implements. Part 1 (connections and auth health)
 * uses authenticate, refresh, probe and classifyFailure; part 2 (sync and writes) fills in the
 * operations per unified entity, which take the same connection and session.
 */
import type { CredentialSecrets } from '../credentials';
import type { FailureClass } from './failure';
import type { JsonObject, UpstreamReply, UpstreamRequest } from './upstream-reply';

export const SYSTEM_KINDS = ['maximo', 'sap', 'fiix', 'upkeep', 'maintainx', 'limble'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export const AUTH_KINDS = ['api_key', 'basic', 'oauth2_client_credentials', 'session_login', 'hmac_signed'] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

export const UNIFIED_ENTITIES = ['workOrder', 'asset', 'location', 'purchaseOrder', 'part', 'vendor', 'user'] as const;
export type UnifiedEntity = (typeof UNIFIED_ENTITIES)[number];

export interface CredentialField {
  name: string;
  label: string;
  /** Secret fields are write-only: never shown again once stored. */
  secret: boolean;
}

export interface AuthMethod {
  kind: AuthKind;
  fields: readonly CredentialField[];
}

/** What a console needs to draw the connect form for a system. */
export interface ConnectorDescription {
  system: SystemKind;
  title: string;
  authMethods: readonly AuthMethod[];
  /** Optional per-connection settings the adapter reads, e.g. MaintainX's organization id. */
  settings: readonly { name: string; label: string }[];
}

/** A connection as an adapter sees it: decrypted credentials, held only for the call. */
export interface AdapterConnection {
  id: string;
  tenantId: string;
  system: SystemKind;
  authKind: AuthKind;
  /** The system's server root, e.g. `https://maximo.example.com`; adapters append their API paths. */
  baseUrl: string;
  credentials: CredentialSecrets;
  settings: Readonly<Record<string, string>>;
}

/**
 * What authentication produced: a token, a session, or nothing for schemes that send the
 * credential (or a signature) on every request. Secret; cached encrypted.
 */
export interface AuthSession {
  token?: string;
  /** ISO time after which the system refuses the token; refreshed before then. */
  expiresAt?: string;
}

/** Whether a failure came from exchanging credentials (login, token) or from an API call with them. */
export type CallPhase = 'authenticate' | 'call';

export interface ListQuery {
  pageSize: number;
  cursor?: string;
  modifiedSince?: string;
}

export interface RemoteRecord {
  remoteId: string;
  remoteUpdatedAt?: string;
  fields: JsonObject;
  /** The optimistic-lock version writes send back (Maximo `_rowstamp`, SAP ETag), where the system has one. */
  version?: string;
}

export interface RemotePage {
  records: RemoteRecord[];
  nextCursor?: string;
}

/** Part 2: each operation is present only where the system supports it for the entity. */
export interface EntityOperations {
  list?(connection: AdapterConnection, session: AuthSession, query: ListQuery): Promise<RemotePage>;
  get?(connection: AdapterConnection, session: AuthSession, remoteId: string): Promise<RemoteRecord>;
  create?(connection: AdapterConnection, session: AuthSession, fields: JsonObject): Promise<RemoteRecord>;
  update?(connection: AdapterConnection, session: AuthSession, remoteId: string, fields: JsonObject, version?: string): Promise<RemoteRecord>;
  delete?(connection: AdapterConnection, session: AuthSession, remoteId: string, version?: string): Promise<void>;
  /** The record as a write sees it: native fields and its version, read just before the write is checked. */
  readForWrite?(connection: AdapterConnection, session: AuthSession, remoteId: string): Promise<RemoteRecord>;
  /** The record a create tagged with `tag` in `field`, if it exists (a retry after a lost reply). */
  findByTag?(connection: AdapterConnection, session: AuthSession, field: string, tag: string): Promise<RemoteRecord | undefined>;
  /**
   * Where no tag can be written: the records changed since `since` (ISO) that hold every value a
   * create of `fields` sends, i.e. what an in-doubt create may have made; undefined when they could
   * not all be looked through (too many to scan).
   */
  findCreated?(connection: AdapterConnection, session: AuthSession, fields: JsonObject, since: string): Promise<RemoteRecord[] | undefined>;
  /** What a create does after its first call (Limble: PATCH the status), done to a record an in-doubt create was found to have made. */
  completeCreate?(connection: AdapterConnection, session: AuthSession, created: RemoteRecord, fields: JsonObject): Promise<RemoteRecord>;
}

/** A customer's own table or entity set, named by the connection's unified settings. */
export interface CustomTableRef {
  /** The system's name for it: object structure, entity set, class or resource path. */
  remote: string;
  idField: string;
  modifiedField?: string;
}

/** Reads of custom tables (custom objects): any table by its remote name, with the system's own paging. */
export interface CustomTableOperations {
  list(connection: AdapterConnection, session: AuthSession, table: CustomTableRef, query: ListQuery): Promise<RemotePage>;
  get(connection: AdapterConnection, session: AuthSession, table: CustomTableRef, remoteId: string): Promise<RemoteRecord>;
}

export interface ConnectorAdapter {
  readonly description: ConnectorDescription;
  /** Exchanges the credentials for a session, or checks nothing for schemes without one. */
  authenticate(connection: AdapterConnection): Promise<AuthSession>;
  /** A new session before or after the old one runs out; fails with `auth_invalid` when the credentials are refused. */
  refresh(connection: AdapterConnection, session: AuthSession): Promise<AuthSession>;
  /** One cheap authenticated read; throws an UpstreamFailure saying what went wrong. */
  probe(connection: AdapterConnection, session: AuthSession): Promise<void>;
  /** The class of a reply, or `undefined` when it is a success. */
  classifyFailure(reply: UpstreamReply, phase: CallPhase): FailureClass | undefined;
  readonly entities: Readonly<Partial<Record<UnifiedEntity, EntityOperations>>>;
  readonly customTables?: CustomTableOperations;
  /**
   * A raw request with the connection's credentials added (passthrough). Its reply comes back
   * whatever the status, except the failures the connection acts on (auth, throttling, transient),
   * which throw as any call's do.
   */
  raw(connection: AdapterConnection, session: AuthSession, request: UpstreamRequest): Promise<UpstreamReply>;
}
