import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DecryptionError, open, seal } from './aes-gcm';
import { DataKeyEnvelope } from './data-key-envelope';
import { parseMasterKeyring } from './master-keyring';
import type { TenantDataKey } from './tenant-data-key.entity';
import { openWithTenantDataKey } from './tenant-data-keys';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CONTEXT = 'test/secret';

/** A tenant_data_keys table of one row per tenant and version, counting the reads. */
function keyTable(envelope: DataKeyEnvelope): { manager: EntityManager; reads: () => number; newKey: (tenantId: string, version: number) => Buffer } {
  const rows = new Map<string, TenantDataKey>();
  let reads = 0;
  const manager = {
    findOneByOrFail: async (_entity: unknown, where: { tenantId: string; version: number }) => {
      reads += 1;
      const row = rows.get(`${where.tenantId}:${where.version}`);
      if (!row) throw new Error('no such data key');
      return row;
    },
  } as unknown as EntityManager;
  const newKey = (tenantId: string, version: number): Buffer => {
    const { dataKey, wrapped } = envelope.newDataKey(tenantId);
    rows.set(`${tenantId}:${version}`, { ...wrapped, version, createdAt: new Date(), rewrappedAt: null });
    return dataKey;
  };
  return { manager, reads: () => reads, newKey };
}

function envelope(): DataKeyEnvelope {
  return new DataKeyEnvelope(parseMasterKeyring(`1:${randomBytes(32).toString('base64')}`), 'mate.test');
}

const reveal = (sealed: Buffer) => (dataKey: Buffer) => open(dataKey, sealed, CONTEXT).toString('utf8');

describe('openWithTenantDataKey', () => {
  it('reads a tenant’s data key once, then opens its values from the cache', async () => {
    const keys = envelope();
    const table = keyTable(keys);
    const dataKey = table.newKey(TENANT, 1);
    const first = seal(dataKey, Buffer.from('first'), CONTEXT);
    const second = seal(dataKey, Buffer.from('second'), CONTEXT);

    expect(await openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(first))).toBe('first');
    expect(await openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(second))).toBe('second');
    expect(table.reads()).toBe(1);
  });

  it('keeps each version, and each envelope (service keyring), apart', async () => {
    const keys = envelope();
    const table = keyTable(keys);
    const one = table.newKey(TENANT, 1);
    const two = table.newKey(TENANT, 2);
    expect(await openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(seal(one, Buffer.from('v1'), CONTEXT)))).toBe('v1');
    expect(await openWithTenantDataKey(table.manager, keys, TENANT, 2, reveal(seal(two, Buffer.from('v2'), CONTEXT)))).toBe('v2');
    expect(table.reads()).toBe(2);

    const otherService = envelope();
    const otherTable = keyTable(otherService);
    const theirs = otherTable.newKey(TENANT, 1);
    expect(await openWithTenantDataKey(otherTable.manager, otherService, TENANT, 1, reveal(seal(theirs, Buffer.from('theirs'), CONTEXT)))).toBe('theirs');
    expect(otherTable.reads()).toBe(1);
  });

  it('reads the row again when the cached key no longer opens the value (the key row was replaced)', async () => {
    const keys = envelope();
    const table = keyTable(keys);
    const old = table.newKey(TENANT, 1);
    await openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(seal(old, Buffer.from('old'), CONTEXT)));
    const replaced = table.newKey(TENANT, 1);

    expect(await openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(seal(replaced, Buffer.from('new'), CONTEXT)))).toBe('new');
    expect(table.reads()).toBe(2);
  });

  it('fails as before when the key read from its row does not open the value either', async () => {
    const keys = envelope();
    const table = keyTable(keys);
    table.newKey(TENANT, 1);
    const foreign = seal(randomBytes(32), Buffer.from('not ours'), CONTEXT);

    await expect(openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(foreign))).rejects.toBeInstanceOf(DecryptionError);
    await expect(openWithTenantDataKey(table.manager, keys, TENANT, 1, reveal(foreign))).rejects.toBeInstanceOf(DecryptionError);
    expect(table.reads()).toBe(2);
  });
});
