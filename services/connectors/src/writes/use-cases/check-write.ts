import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { UpstreamFailure, type RemoteRecord, type UnifiedEntity } from '../../adapters';
import { upstreamProblem } from '../write.problems';
import type { Connection } from '../../connections/connection.entity';
import { connectionNotFound } from '../../connections/connection.exception';
import { ConnectionRepository } from '../../connections/connection.repository';
import { UpstreamGateway } from '../../upstream/upstream-gateway';
import type { WriteOperation } from '../capabilities/capability.types';
import { checkWrite, operationProblem, type UnifiedValues, type WriteProblem } from '../capabilities/write-rules';
import { EMPTY_UNIFIED_SETTINGS, type UnifiedSettings } from '../../unified';
import { REFERENCE_DIRECTORY, type ReferenceDirectory } from '../references';

export interface WriteInput {
  connectionId: string;
  entity: UnifiedEntity;
  operation: WriteOperation;
  remoteId?: string;
  fields: UnifiedValues;
  customFields: UnifiedValues;
  /** The version the caller read (`If-Match`): sent upstream instead of the one read now. */
  ifMatch?: string;
}

export interface CheckedWrite {
  connection: Connection;
  /** The record upstream now (update, delete): its state decided the locks, its version guards the write. */
  current?: RemoteRecord;
  problems: WriteProblem[];
  /** The connection's unified settings: which custom fields it has, and where they go. */
  settings: UnifiedSettings;
}

/**
 * Everything a write is checked against before it may go upstream, shared by the write and its
 * dry run: the capability matrix, the record's current state (read upstream, never written), and
 * references among the synced records. Lists every problem.
 */
@Injectable()
export class CheckWrite {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(UpstreamGateway) private readonly gateway: UpstreamGateway,
    @Inject(REFERENCE_DIRECTORY) private readonly references: ReferenceDirectory,
  ) {}

  async execute(principal: Principal, input: WriteInput): Promise<CheckedWrite> {
    const connection = await this.transactions.run(principal, async (manager) => {
      const found = await this.connections.findLive(manager, principal.tenantId, input.connectionId);
      if (!found) throw connectionNotFound();
      return found;
    });
    const settings = connection.unifiedSettings ?? EMPTY_UNIFIED_SETTINGS;
    const unsupported = operationProblem(connection.system, input.entity, input.operation);
    if (unsupported) return { connection, problems: [unsupported], settings };
    const current = input.operation === 'create' ? undefined : await this.readCurrent(connection, input.entity, input.remoteId ?? '');
    const customFieldNames = (settings.customFields[input.entity] ?? []).map(({ unified }) => unified);
    const problems = await checkWrite({ ...input, system: connection.system, current: current?.fields, customFieldNames, codes: settings.codes?.[input.entity] }, (entity, value) =>
      this.transactions.run(principal, (manager) => this.references.lookup(manager, { connectionId: connection.id, system: connection.system }, entity, value)),
    );
    return { connection, current, problems, settings };
  }

  /** The record now; a failure to read it (missing, not permitted, unreachable) answers as that failure. */
  private async readCurrent(connection: Connection, entity: UnifiedEntity, remoteId: string): Promise<RemoteRecord> {
    try {
      return await this.gateway.call(connection.tenantId, connection.id, async (adapter, adapterConnection, session) => {
        const read = adapter.entities[entity]?.readForWrite;
        if (!read) throw new Error(`${connection.system} ${entity}: the matrix allows writes but the adapter cannot read the record`);
        return read(adapterConnection, session, remoteId);
      });
    } catch (error) {
      if (error instanceof UpstreamFailure) throw upstreamProblem(error);
      throw error;
    }
  }
}
