import { Inject, Injectable } from '@nestjs/common';
import { currentTenantDataKey, openWithTenantDataKey } from '@mate/secrets';
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
  constructor(@Inject(EnvelopeEncryption) private readonly envelope: EnvelopeEncryption) {}

  async seal(manager: EntityManager, place: CredentialPlace, secrets: CredentialSecrets): Promise<SealedValue> {
    const { dataKey, version } = await currentTenantDataKey(manager, this.envelope, place.tenantId);
    return { ciphertext: this.envelope.encryptCredentials(dataKey, place, secrets), dataKeyVersion: version };
  }

  async open(manager: EntityManager, place: CredentialPlace, sealed: SealedValue): Promise<CredentialSecrets> {
    return openWithTenantDataKey(manager, this.envelope, place.tenantId, sealed.dataKeyVersion, (dataKey) => this.envelope.decryptCredentials(dataKey, place, sealed.ciphertext));
  }
}
