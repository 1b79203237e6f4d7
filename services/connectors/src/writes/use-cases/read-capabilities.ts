import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import { UNIFIED_ENTITIES, type SystemKind, type UnifiedEntity } from '../../adapters';
import { connectionNotFound } from '../../connections/connection.exception';
import { ConnectionRepository } from '../../connections/connection.repository';
import { CAPABILITY_MATRIX, readOnlyReason } from '../capabilities/capability-matrix';
import { WRITE_OPERATIONS, type EntityCapability, type WriteOperation } from '../capabilities/capability.types';
import { WriteLedgerRepository } from '../ledger/write-ledger.repository';
import { lockView } from '../capabilities/write-rules';
import { storedUnifiedSettings, type CodeOverrides } from '../../unified';

/** How far back a refusal of the connected account still narrows its capabilities. */
const REFUSAL_MEMORY_MS = 7 * 24 * 3600_000;

export interface OperationView {
  supported: boolean;
  reason?: string;
  mode?: string;
  /** false when the connected account was refused this operation (and has not succeeded since). */
  permitted?: boolean;
}

export interface EntityView {
  entity: UnifiedEntity;
  read: boolean;
  create: OperationView;
  update: OperationView;
  delete: OperationView;
  fields: { name: string; type: string; create: boolean; update: boolean; required_on_create: boolean; reason?: string; references?: string; line_fields?: unknown[] }[];
  /** The matrix's locks in the system's codes, with `unified_states`: the same states as reads show them (the connection's code overrides applied). */
  locks: ReturnType<typeof lockView>[];
  lines?: string;
  custom_fields: EntityCapability['customFields'];
}

export interface CapabilitiesView {
  system: SystemKind;
  connection_id?: string;
  /** How the connected account's permissions narrowed this view. */
  permissions_source?: string;
  entities: EntityView[];
}

/** The capability matrix of a system, and of a connection narrowed by what its account was refused. */
@Injectable()
export class ReadCapabilities {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(WriteLedgerRepository) private readonly ledger: WriteLedgerRepository,
  ) {}

  ofSystem(system: SystemKind): CapabilitiesView {
    return { system, entities: UNIFIED_ENTITIES.map((entity) => entityView(system, entity)) };
  }

  async ofConnection(principal: Principal, connectionId: string): Promise<CapabilitiesView> {
    return this.transactions.run(principal, async (manager) => {
      const connection = await this.connections.findLive(manager, principal.tenantId, connectionId);
      if (!connection) throw connectionNotFound();
      const refusals = await this.ledger.refusals(manager, connection.id, new Date(Date.now() - REFUSAL_MEMORY_MS));
      const codes = storedUnifiedSettings(connection.unifiedSettings, connection.system).codes;
      const entities = UNIFIED_ENTITIES.map((entity) => {
        const view = entityView(connection.system, entity, codes);
        for (const refusal of refusals.filter((r) => r.entity === entity)) {
          const operation = view[refusal.operation];
          if (operation.supported) Object.assign(operation, { permitted: false, reason: `the connected account was refused this operation on ${new Date(refusal.at).toISOString()}` });
        }
        return view;
      });
      return {
        system: connection.system,
        connection_id: connection.id,
        permissions_source: 'learned: an operation the connected account was refused (permission_denied) is marked permitted: false until one succeeds',
        entities,
      };
    });
  }
}

function entityView(system: SystemKind, entity: UnifiedEntity, codes?: CodeOverrides): EntityView {
  const capability = CAPABILITY_MATRIX[system][entity];
  if (!capability) {
    const none = { supported: false, reason: readOnlyReason(entity) };
    return { entity, read: true, create: none, update: none, delete: none, fields: [], locks: [], custom_fields: { writable: false, reason: readOnlyReason(entity) } };
  }
  const operations = Object.fromEntries(
    WRITE_OPERATIONS.map((operation: WriteOperation) => {
      const support = capability[operation];
      return [operation, { supported: support.supported, ...(support.reason ? { reason: support.reason } : {}), ...(operation === 'delete' && capability.delete.mode ? { mode: capability.delete.mode } : {}) }];
    }),
  ) as Record<WriteOperation, OperationView>;
  return { entity, read: true, ...operations, fields: fieldViews(capability.fields), locks: capability.locks.map((lock) => lockView(system, entity, lock, codes?.[entity])), lines: capability.lines, custom_fields: capability.customFields };
}

function fieldViews(fields: EntityCapability['fields']): EntityView['fields'] {
  return Object.entries(fields).map(([name, field]) => ({
    name,
    type: field.type,
    create: field.create,
    update: field.update,
    required_on_create: field.requiredOnCreate ?? false,
    ...(field.reason ? { reason: field.reason } : {}),
    ...(field.references ? { references: field.references } : {}),
    ...(field.lineFields ? { line_fields: fieldViews(field.lineFields) } : {}),
  }));
}
