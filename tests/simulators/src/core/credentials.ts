/**
 * Who may call a simulator: the connected account with its permissions, its credentials (API keys,
 * client secrets, logins), and the tokens or sessions those credentials were exchanged for.
 */
import { randomToken, type Random } from './random';
import type { EntityKind } from './store';

export type Secrets = Record<string, string>;
export type Access = 'read' | 'write';
/** `<entity>:<access>`, e.g. `workOrder:write`: the same names on every system, so tests stay generic. */
export type Permission = `${EntityKind}:${Access}`;

export interface CredentialTemplate {
  readonly id: string;
  /** The secrets of a fresh credential; `rotatable` names the ones a rotation replaces. */
  readonly create: (random: Random) => Secrets;
  readonly rotatable: readonly string[];
}

export interface Credential {
  readonly id: string;
  readonly accountId: string;
  secrets: Secrets;
  /** Earlier secrets: still recognised (a request is counted under this credential) but refused. */
  readonly previousSecrets: Secrets[];
  status: 'active' | 'revoked';
}

export interface Account {
  readonly id: string;
  readonly permissions: Set<Permission>;
}

/** Whether presented secrets are a credential's current ones, and whether it may be used. */
export interface CredentialMatch {
  readonly credential: Credential;
  readonly valid: boolean;
}

export const CONNECTED_ACCOUNT = 'integration';

export class CredentialRegistry {
  private readonly credentials = new Map<string, Credential>();
  readonly account: Account;

  constructor(
    private readonly templates: readonly CredentialTemplate[],
    private readonly random: Random,
    permissions: readonly Permission[],
  ) {
    this.account = { id: CONNECTED_ACCOUNT, permissions: new Set(permissions) };
    for (const template of templates) {
      this.credentials.set(template.id, {
        id: template.id,
        accountId: CONNECTED_ACCOUNT,
        secrets: template.create(random),
        previousSecrets: [],
        status: 'active',
      });
    }
  }

  list(): Credential[] {
    return [...this.credentials.values()];
  }

  get(id: string): Credential | undefined {
    return this.credentials.get(id);
  }

  /** Finds the credential whose `field` is `value` (current or earlier); `valid` only for a current, active one. */
  find(field: string, value: string | undefined): CredentialMatch | undefined {
    if (value === undefined || value === '') return undefined;
    for (const credential of this.credentials.values()) {
      if (credential.secrets[field] === value) return { credential, valid: credential.status === 'active' };
      if (credential.previousSecrets.some((old) => old[field] === value)) return { credential, valid: false };
    }
    return undefined;
  }

  /** Replaces the rotatable secrets: with `values` where given (a chosen new password), else random ones. */
  rotate(id: string, values: Secrets = {}): Credential | undefined {
    const credential = this.credentials.get(id);
    const template = this.templates.find((t) => t.id === id);
    if (!credential || !template) return undefined;
    const fresh = template.create(this.random);
    const next = { ...credential.secrets };
    for (const field of template.rotatable) next[field] = values[field] ?? fresh[field] ?? randomToken(this.random, 24);
    credential.previousSecrets.push(credential.secrets);
    credential.secrets = next;
    credential.status = 'active';
    return credential;
  }

  setStatus(id: string, status: Credential['status']): Credential | undefined {
    const credential = this.credentials.get(id);
    if (credential) credential.status = status;
    return credential;
  }

  may(permission: Permission): boolean {
    return this.account.permissions.has(permission);
  }
}

export interface Session {
  readonly token: string;
  readonly credentialId: string;
  expiresAt: Date;
  /** Ended (revoked credential, changed password): kept so that its later use still counts under the credential. */
  ended: boolean;
  /** Another session this one only works with (SAP: a CSRF token belongs to one session cookie). */
  readonly boundTo?: string;
}

export type SessionState = 'live' | 'expired' | 'ended';

export function sessionState(session: Session): SessionState {
  if (session.ended) return 'ended';
  return session.expiresAt.getTime() <= Date.now() ? 'expired' : 'live';
}

/** Tokens and sessions a credential was exchanged for (SAP access tokens, UpKeep session tokens, SAP CSRF sessions). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly random: Random) {}

  issue(credentialId: string, ttlSeconds: number, prefix: string, boundTo?: string): Session {
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const session: Session = { token: randomToken(this.random, 32, prefix), credentialId, expiresAt, ended: false, boundTo };
    this.sessions.set(session.token, session);
    return session;
  }

  find(token: string | undefined): Session | undefined {
    return token ? this.sessions.get(token) : undefined;
  }

  /** Ends every session of the credential (or all): later use is refused as invalid. */
  end(credentialId?: string): number {
    let ended = 0;
    for (const session of this.sessions.values()) {
      if (!session.ended && (credentialId === undefined || session.credentialId === credentialId)) {
        session.ended = true;
        ended += 1;
      }
    }
    return ended;
  }

  /** Lets every session of the credential (or all) run out now: later use is refused as expired. */
  expire(credentialId?: string): number {
    let expired = 0;
    const past = new Date(Date.now() - 1000);
    for (const session of this.sessions.values()) {
      if (!session.ended && (credentialId === undefined || session.credentialId === credentialId)) {
        session.expiresAt = past;
        expired += 1;
      }
    }
    return expired;
  }
}
