import { LRUCache } from 'lru-cache';
import type { EntityManager } from 'typeorm';
import { DecryptionError } from './aes-gcm';
import type { DataKeyEnvelope } from './data-key-envelope';
import { TenantDataKey } from './tenant-data-key.entity';

/** A tenant's data key in clear (memory only) and the version rows name in `data_key_version`. */
export interface TenantDataKeyInUse {
  dataKey: Buffer;
  version: number;
}

/**
 * The tenant's newest data key, created on first use. Runs in the caller's tenant transaction on
 * the service's `tenant_data_keys` table (`createTenantDataKeysTable`).
 */
export async function currentTenantDataKey(manager: EntityManager, envelope: DataKeyEnvelope, tenantId: string): Promise<TenantDataKeyInUse> {
  const existing = await manager.findOne(TenantDataKey, { where: { tenantId }, order: { version: 'DESC' } });
  if (existing) return { dataKey: envelope.unwrap(existing), version: existing.version };
  const { wrapped } = envelope.newDataKey(tenantId);
  // Two first secrets of a tenant at once: the second insert does nothing and both read the winner.
  await manager
    .createQueryBuilder()
    .insert()
    .into(TenantDataKey)
    .values({ tenantId, version: 1, masterKeyVersion: wrapped.masterKeyVersion, wrappedKey: wrapped.wrappedKey, createdAt: new Date(), rewrappedAt: null })
    .orIgnore()
    .execute();
  const winner = await manager.findOneByOrFail(TenantDataKey, { tenantId, version: 1 });
  return { dataKey: envelope.unwrap(winner), version: 1 };
}

/**
 * Unwrapped data keys by tenant and version, one cache per envelope (per service keyring). A
 * tenant's data key of a version never changes (a rewrap changes only its wrapping), so opening a
 * secret need not read the key row every time: one statement fewer per upstream call and per
 * webhook attempt. Bounded and short-lived, like the AWS Encryption SDK's data key cache, and
 * zeroed when dropped. A cached key that no longer opens a value (the key row was replaced, as a
 * test resetting its database does) is dropped and the row read again.
 */
const openedKeys = new WeakMap<DataKeyEnvelope, LRUCache<string, Buffer>>();
const CACHED_KEYS = 10_000;
const CACHED_KEY_TTL_MS = 5 * 60_000;

function keyCacheOf(envelope: DataKeyEnvelope): LRUCache<string, Buffer> {
  let cache = openedKeys.get(envelope);
  if (!cache) openedKeys.set(envelope, (cache = new LRUCache<string, Buffer>({ max: CACHED_KEYS, ttl: CACHED_KEY_TTL_MS, dispose: (key) => key.fill(0) })));
  return cache;
}

/**
 * Opens a value the tenant's data key of `version` sealed: `open` is given the key (unwrapped, in
 * memory only). Runs in the caller's tenant transaction, which reads the key row on a cache miss.
 */
export async function openWithTenantDataKey<T>(manager: EntityManager, envelope: DataKeyEnvelope, tenantId: string, version: number, open: (dataKey: Buffer) => T): Promise<T> {
  const cache = keyCacheOf(envelope);
  const id = `${tenantId}:${version}`;
  const cached = cache.get(id);
  if (cached) {
    try {
      return open(cached);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      cache.delete(id);
    }
  }
  const row = await manager.findOneByOrFail(TenantDataKey, { tenantId, version });
  const dataKey = envelope.unwrap(row);
  const value = open(dataKey);
  cache.set(id, Buffer.from(dataKey));
  return value;
}
