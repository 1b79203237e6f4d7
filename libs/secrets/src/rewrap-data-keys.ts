import type { DataSource } from 'typeorm';
import type { DataKeyEnvelope } from './data-key-envelope';
import { TenantDataKey } from './tenant-data-key.entity';

export interface RewrapResult {
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Master key rotation, the step after deploying the new key first in the keyring (old one still
 * listed): every data key still wrapped by an older master key is rewrapped by the current one,
 * one row per short transaction with the row locked, so the service keeps running and a second
 * run (or a concurrent one) changes nothing. The sealed values are not touched. Runs
 * as the database owner: data keys of every tenant, across row-level security.
 */
export async function rewrapDataKeys(owner: DataSource, envelope: DataKeyEnvelope): Promise<RewrapResult> {
  const stale = await owner
    .getRepository(TenantDataKey)
    .createQueryBuilder('key')
    .select(['key.tenantId', 'key.version'])
    .where('key.masterKeyVersion <> :current', { current: envelope.currentMasterKeyVersion })
    .getMany();
  let rewrapped = 0;
  for (const { tenantId, version } of stale) {
    const changed = await owner.transaction(async (manager) => {
      const row = await manager.findOne(TenantDataKey, { where: { tenantId, version }, lock: { mode: 'pessimistic_write' } });
      const next = row && envelope.rewrap(row);
      if (!next) return false;
      await manager.update(TenantDataKey, { tenantId, version }, { masterKeyVersion: next.masterKeyVersion, wrappedKey: next.wrappedKey, rewrappedAt: new Date() });
      return true;
    });
    if (changed) rewrapped += 1;
  }
  const total = await owner.getRepository(TenantDataKey).count();
  return { rewrapped, alreadyCurrent: total - rewrapped };
}
