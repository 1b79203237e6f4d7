import { DataKeyEnvelope, open, seal, type MasterKeyring } from '@mate/secrets';

/** The secrets of one connection, e.g. `{ apiKey }` or `{ clientId, clientSecret }`. */
export type CredentialSecrets = Record<string, string>;

/**
 * Envelope encryption of connection credentials (`@mate/secrets`): each tenant's data key seals its
 * connections' secrets. Additional data binds each sealed value to its place, so a ciphertext
 * copied to another tenant or connection does not decrypt.
 */
export class EnvelopeEncryption extends DataKeyEnvelope {
  constructor(keyring: MasterKeyring) {
    super(keyring, 'mate.connectors');
  }

  encryptCredentials(dataKey: Buffer, place: CredentialPlace, secrets: CredentialSecrets): Buffer {
    return seal(dataKey, Buffer.from(JSON.stringify(secrets), 'utf8'), credentialContext(place));
  }

  decryptCredentials(dataKey: Buffer, place: CredentialPlace, sealed: Buffer): CredentialSecrets {
    return JSON.parse(open(dataKey, sealed, credentialContext(place)).toString('utf8')) as CredentialSecrets;
  }
}

/** Where a sealed value belongs; `purpose` keeps credentials and cached sessions apart. */
export interface CredentialPlace {
  tenantId: string;
  connectionId: string;
  purpose: 'credentials' | 'session';
}

function credentialContext({ tenantId, connectionId, purpose }: CredentialPlace): string {
  return `mate.connectors/${purpose}/tenant=${tenantId}/connection=${connectionId}`;
}
