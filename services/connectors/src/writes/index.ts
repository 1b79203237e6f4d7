export { WriteLedgerEntry } from './ledger/write-ledger.entity';
export { WritesModule } from './writes.module';
export { CAPABILITY_MATRIX } from './capabilities/capability-matrix';
export { REFERENCE_DIRECTORY, UNIFIED_SETTINGS_SOURCE, type ReferenceDirectory, type UnifiedSettingsSource } from './references';
