/**
 * The master keys that wrap each tenant's data key, from configuration. During a rotation the
 * configuration holds the new key first and the old one after it: data keys wrapped by either are
 * readable, new wraps always use the first (current) one, and the rotation command rewraps the rest.
 */
export interface MasterKey {
  version: number;
  key: Buffer;
}

export interface MasterKeyring {
  /** The key new data keys are wrapped with. */
  current: MasterKey;
  /** Every accepted key by version, the current one included. */
  byVersion: ReadonlyMap<number, MasterKey>;
}

export class MasterKeyringError extends Error {}

const AES_256_KEY_BYTES = 32;

/**
 * Parses `"<version>:<base64 of 32 bytes>,<version>:<base64>"`, current key first, e.g.
 * `CONNECTORS_MASTER_KEYS="2:…,1:…"` while version 1 is being rotated out. The error never
 * repeats the value: it is a secret.
 */
export function parseMasterKeyring(text: string): MasterKeyring {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new MasterKeyringError('no master key configured');
  const keys = entries.map((entry, index) => parseEntry(entry, index));
  const byVersion = new Map<number, MasterKey>();
  for (const key of keys) {
    if (byVersion.has(key.version)) throw new MasterKeyringError(`master key version ${key.version} is listed twice`);
    byVersion.set(key.version, key);
  }
  return { current: keys[0], byVersion };
}

function parseEntry(entry: string, index: number): MasterKey {
  const match = /^(\d+):([A-Za-z0-9+/=]+)$/.exec(entry);
  if (!match) throw new MasterKeyringError(`master key ${index + 1} is not "<version>:<base64>"`);
  const version = Number(match[1]);
  const key = Buffer.from(match[2], 'base64');
  if (version < 1) throw new MasterKeyringError(`master key ${index + 1}: the version must be 1 or more`);
  if (key.length !== AES_256_KEY_BYTES) throw new MasterKeyringError(`master key version ${version} must be ${AES_256_KEY_BYTES} bytes`);
  return { version, key };
}
