export { parseMasterKeyring, MasterKeyringError, type MasterKey, type MasterKeyring } from './master-keyring';
export { DecryptionError } from './aes-gcm';
export {
  EnvelopeEncryption,
  UnknownMasterKeyError,
  type CredentialPlace,
  type CredentialSecrets,
  type WrappedDataKey,
} from './envelope-encryption';
export { TenantDataKey } from './tenant-data-key.entity';
export { CredentialVault, type SealedValue } from './credential-vault';
export { rewrapDataKeys, type RewrapResult } from './rewrap-data-keys';
