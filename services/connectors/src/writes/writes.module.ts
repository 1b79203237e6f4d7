import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections';
import { WriteLedgerRepository } from './ledger/write-ledger.repository';
import { REFERENCE_DIRECTORY, SyncedRecordDirectory } from './references';
import { CheckWrite } from './use-cases/check-write';
import { ExecuteWrite } from './use-cases/execute-write';
import { ReadCapabilities } from './use-cases/read-capabilities';
import { ConnectorCapabilitiesController, WritesController } from './writes.controller';

/** Capability-aware writes to the connected systems, through the connections' upstream gateway. */
@Module({
  imports: [ConnectionsModule],
  controllers: [WritesController, ConnectorCapabilitiesController],
  providers: [WriteLedgerRepository, CheckWrite, ExecuteWrite, ReadCapabilities, { provide: REFERENCE_DIRECTORY, useClass: SyncedRecordDirectory }],
})
export class WritesModule {}
