export { parseMasterKeyring, MasterKeyringError, type MasterKey, type MasterKeyring } from './master-keyring';
export { DecryptionError } from './aes-gcm';
export {
  EnvelopeEncryption,
  UnknownMasterKeyError,
  type CredentialPlace,
  type CredentialSecrets,
  type WrappedDataKey,
} from './envelope-encryption';
