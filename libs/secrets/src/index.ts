export { seal, open, DecryptionError } from './aes-gcm';
export { parseMasterKeyring, MasterKeyringError, type MasterKey, type MasterKeyring } from './master-keyring';
export { DataKeyEnvelope, UnknownMasterKeyError, type WrappedDataKey } from './data-key-envelope';
export { TenantDataKey } from './tenant-data-key.entity';
export { currentTenantDataKey, openWithTenantDataKey, type TenantDataKeyInUse } from './tenant-data-keys';
export { createTenantDataKeysTable } from './tenant-data-keys.migration';
export { rewrapDataKeys, type RewrapResult } from './rewrap-data-keys';
