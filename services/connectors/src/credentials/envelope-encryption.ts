import { randomBytes } from 'node:crypto';
import { open, seal } from './aes-gcm';
import type { MasterKeyring } from './master-keyring';

/** A tenant's data key as stored: wrapped by the master key of `masterKeyVersion`. */
export interface WrappedDataKey {
  tenantId: string;
  masterKeyVersion: number;
  wrappedKey: Buffer;
}

/** The secrets of one connection, e.g. `{ apiKey }` or `{ clientId, clientSecret }`. */
export type CredentialSecrets = Record<string, string>;

export class UnknownMasterKeyError extends Error {
  constructor(version: number) {
    super(`master key version ${version} is not configured`);
  }
}

const DATA_KEY_BYTES = 32;

/**
 * Envelope encryption of connection credentials: each tenant has a random data key that encrypts
 * its connections' secrets; only the wrapped data key is stored, sealed by a master key from
 * configuration. Rotating the master key rewraps the data keys (a few rows) and never touches the
 * encrypted credentials. Additional data binds each sealed value to its place, so a ciphertext
 * copied to another tenant or connection does not decrypt.
 */
export class EnvelopeEncryption {
  constructor(private readonly keyring: MasterKeyring) {}

  get currentMasterKeyVersion(): number {
    return this.keyring.current.version;
  }

  newDataKey(tenantId: string): { dataKey: Buffer; wrapped: WrappedDataKey } {
    const dataKey = randomBytes(DATA_KEY_BYTES);
    return { dataKey, wrapped: this.wrap(tenantId, dataKey) };
  }

  unwrap(wrapped: WrappedDataKey): Buffer {
    const master = this.keyring.byVersion.get(wrapped.masterKeyVersion);
    if (!master) throw new UnknownMasterKeyError(wrapped.masterKeyVersion);
    return open(master.key, wrapped.wrappedKey, dataKeyContext(wrapped.tenantId));
  }

  /** The same data key wrapped by the current master key; `undefined` when it already is. */
  rewrap(wrapped: WrappedDataKey): WrappedDataKey | undefined {
    if (wrapped.masterKeyVersion === this.keyring.current.version) return undefined;
    return this.wrap(wrapped.tenantId, this.unwrap(wrapped));
  }

  encryptCredentials(dataKey: Buffer, place: CredentialPlace, secrets: CredentialSecrets): Buffer {
    return seal(dataKey, Buffer.from(JSON.stringify(secrets), 'utf8'), credentialContext(place));
  }

  decryptCredentials(dataKey: Buffer, place: CredentialPlace, sealed: Buffer): CredentialSecrets {
    return JSON.parse(open(dataKey, sealed, credentialContext(place)).toString('utf8')) as CredentialSecrets;
  }

  private wrap(tenantId: string, dataKey: Buffer): WrappedDataKey {
    const { version, key } = this.keyring.current;
    return { tenantId, masterKeyVersion: version, wrappedKey: seal(key, dataKey, dataKeyContext(tenantId)) };
  }
}

/** Where a sealed value belongs; `purpose` keeps credentials and cached sessions apart. */
export interface CredentialPlace {
  tenantId: string;
  connectionId: string;
  purpose: 'credentials' | 'session';
}

function dataKeyContext(tenantId: string): string {
  return `mate.connectors/data-key/tenant=${tenantId}`;
}

function credentialContext({ tenantId, connectionId, purpose }: CredentialPlace): string {
  return `mate.connectors/${purpose}/tenant=${tenantId}/connection=${connectionId}`;
}
