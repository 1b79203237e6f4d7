export { WriteLedgerEntry } from './ledger/write-ledger.entity';
export { WritesModule } from './writes.module';
export { CAPABILITY_MATRIX } from './capabilities/capability-matrix';
export { REFERENCE_DIRECTORY, type ReferenceDirectory } from './references';
