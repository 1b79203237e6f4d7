import { Inject, Injectable } from '@nestjs/common';
import { currentTenantDataKey, tenantDataKey } from '@mate/secrets';
import type { EntityManager } from 'typeorm';
import { EnvelopeEncryption, type CredentialPlace, type CredentialSecrets } from './envelope-encryption';

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
  /**
   * Data keys opened in a transaction, by its EntityManager (one per transaction): a call that
   * opens a connection's credentials and its cached session reads the tenant's key once. Dropped
   * with the transaction's manager.
   */
  private readonly keysByTransaction = new WeakMap<EntityManager, Map<string, Promise<Buffer>>>();

  constructor(@Inject(EnvelopeEncryption) private readonly envelope: EnvelopeEncryption) {}

  async seal(manager: EntityManager, place: CredentialPlace, secrets: CredentialSecrets): Promise<SealedValue> {
    const { dataKey, version } = await currentTenantDataKey(manager, this.envelope, place.tenantId);
    return { ciphertext: this.envelope.encryptCredentials(dataKey, place, secrets), dataKeyVersion: version };
  }

  async open(manager: EntityManager, place: CredentialPlace, sealed: SealedValue): Promise<CredentialSecrets> {
    const dataKey = await this.dataKey(manager, place.tenantId, sealed.dataKeyVersion);
    return this.envelope.decryptCredentials(dataKey, place, sealed.ciphertext);
  }

  private dataKey(manager: EntityManager, tenantId: string, version: number): Promise<Buffer> {
    // By tenant and version: a tenant's data key of a version never changes (a rewrap changes only its wrapping).
    let keys = this.keysByTransaction.get(manager);
    if (!keys) this.keysByTransaction.set(manager, (keys = new Map()));
    const id = `${tenantId}:${version}`;
    let key = keys.get(id);
    if (!key) keys.set(id, (key = tenantDataKey(manager, this.envelope, tenantId, version)));
    return key;
  }
}
