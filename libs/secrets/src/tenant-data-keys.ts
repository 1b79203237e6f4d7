import type { EntityManager } from 'typeorm';
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

/** The tenant's data key of `version`, unwrapped, for opening a value it sealed. */
export async function tenantDataKey(manager: EntityManager, envelope: DataKeyEnvelope, tenantId: string, version: number): Promise<Buffer> {
  const row = await manager.findOneByOrFail(TenantDataKey, { tenantId, version });
  return envelope.unwrap(row);
}
