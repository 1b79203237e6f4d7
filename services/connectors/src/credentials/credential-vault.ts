import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EnvelopeEncryption, type CredentialPlace, type CredentialSecrets } from './envelope-encryption';
import { TenantDataKey } from './tenant-data-key.entity';

/** A sealed value and the data key version that sealed it, as stored on a connection row. */
export interface SealedValue {
  ciphertext: Buffer;
  dataKeyVersion: number;
}

/**
 * Seals and opens connection credentials and cached sessions with the tenant's data key, creating
 * the key on first use. Runs in the caller's tenant transaction; plaintext lives only in memory.
 */
@Injectable()
export class CredentialVault {
  constructor(@Inject(EnvelopeEncryption) private readonly envelope: EnvelopeEncryption) {}

  async seal(manager: EntityManager, place: CredentialPlace, secrets: CredentialSecrets): Promise<SealedValue> {
    const { dataKey, version } = await this.currentDataKey(manager, place.tenantId);
    return { ciphertext: this.envelope.encryptCredentials(dataKey, place, secrets), dataKeyVersion: version };
  }

  async open(manager: EntityManager, place: CredentialPlace, sealed: SealedValue): Promise<CredentialSecrets> {
    const row = await manager.findOneByOrFail(TenantDataKey, { tenantId: place.tenantId, version: sealed.dataKeyVersion });
    return this.envelope.decryptCredentials(this.envelope.unwrap(row), place, sealed.ciphertext);
  }

  private async currentDataKey(manager: EntityManager, tenantId: string): Promise<{ dataKey: Buffer; version: number }> {
    const existing = await manager.findOne(TenantDataKey, { where: { tenantId }, order: { version: 'DESC' } });
    if (existing) return { dataKey: this.envelope.unwrap(existing), version: existing.version };
    const { wrapped } = this.envelope.newDataKey(tenantId);
    // Two first connections of a tenant at once: the second insert does nothing and both read the winner.
    await manager
      .createQueryBuilder()
      .insert()
      .into(TenantDataKey)
      .values({ tenantId, version: 1, masterKeyVersion: wrapped.masterKeyVersion, wrappedKey: wrapped.wrappedKey, createdAt: new Date(), rewrappedAt: null })
      .orIgnore()
      .execute();
    const winner = await manager.findOneByOrFail(TenantDataKey, { tenantId, version: 1 });
    return { dataKey: this.envelope.unwrap(winner), version: 1 };
  }
}
