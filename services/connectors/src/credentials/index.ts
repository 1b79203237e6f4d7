export { parseMasterKeyring, MasterKeyringError, DecryptionError, UnknownMasterKeyError, TenantDataKey, rewrapDataKeys } from '@mate/secrets';
export type { MasterKey, MasterKeyring, WrappedDataKey, RewrapResult } from '@mate/secrets';
export { EnvelopeEncryption, type CredentialPlace, type CredentialSecrets } from './envelope-encryption';
export { CredentialVault, type SealedValue } from './credential-vault';
