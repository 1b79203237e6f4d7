import { randomBytes } from 'node:crypto';
import { open, seal } from './aes-gcm';
import type { MasterKeyring } from './master-keyring';

/** A tenant's data key as stored: wrapped by the master key of `masterKeyVersion`. */
export interface WrappedDataKey {
  tenantId: string;
  masterKeyVersion: number;
  wrappedKey: Buffer;
}

export class UnknownMasterKeyError extends Error {
  constructor(version: number) {
    super(`master key version ${version} is not configured`);
  }
}

const DATA_KEY_BYTES = 32;

/**
 * Envelope encryption: each tenant has a random data key that encrypts its secrets; only the
 * wrapped data key is stored, sealed by a master key from configuration. Rotating the master key
 * rewraps the data keys (a few rows) and never touches the encrypted values. `namespace` (e.g.
 * `mate.connectors`) is bound into the data key's additional data, so a wrapped key copied between
 * services or tenants does not open.
 */
export class DataKeyEnvelope {
  constructor(
    private readonly keyring: MasterKeyring,
    private readonly namespace: string,
  ) {}

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
    return open(master.key, wrapped.wrappedKey, this.dataKeyContext(wrapped.tenantId));
  }

  /** The same data key wrapped by the current master key; `undefined` when it already is. */
  rewrap(wrapped: WrappedDataKey): WrappedDataKey | undefined {
    if (wrapped.masterKeyVersion === this.keyring.current.version) return undefined;
    return this.wrap(wrapped.tenantId, this.unwrap(wrapped));
  }

  private wrap(tenantId: string, dataKey: Buffer): WrappedDataKey {
    const { version, key } = this.keyring.current;
    return { tenantId, masterKeyVersion: version, wrappedKey: seal(key, dataKey, this.dataKeyContext(tenantId)) };
  }

  private dataKeyContext(tenantId: string): string {
    return `${this.namespace}/data-key/tenant=${tenantId}`;
  }
}
