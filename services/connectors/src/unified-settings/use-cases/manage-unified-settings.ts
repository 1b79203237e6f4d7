/**
 * An administrator reads and replaces a connection's unified settings, and previews a live record
 * with settings still being edited. Settings are checked field by field (422 naming the field),
 * then against sample records fetched from the system: a remote field found in none, or a native
 * code no table maps, is reported in the validation, so a typo is not silently empty. Stored settings apply from the next read on.
 */
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { UpstreamFailure } from '../../adapters';
import { Connection } from '../../connections/connection.entity';
import { connectionNotFound } from '../../connections/connection.exception';
import { ConnectionRepository } from '../../connections/connection.repository';
import {
  checkAgainstSamples,
  checkUnifiedSettings,
  customObjectOf,
  isUnifiedEntity,
  storedUnifiedSettings,
  unifiedRecordOf,
  type SettingsValidation,
  type UnifiedRecord,
  type UnifiedSettings,
} from '../../unified';
import { invalidSettings, previewFailed } from '../unified.problems';
import { SampleRecords } from './sample-records';

export interface SavedSettings {
  settings: UnifiedSettings;
  validation: SettingsValidation;
  updatedAt: Date;
}

export interface PreviewCommand {
  entity: unknown;
  remoteId?: unknown;
  settings: unknown;
}

export interface Preview {
  record: UnifiedRecord | null;
  validation: SettingsValidation;
}

@Injectable()
export class ManageUnifiedSettings {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(ConnectionRepository) private readonly connections: ConnectionRepository,
    @Inject(SampleRecords) private readonly samples: SampleRecords,
  ) {}

  async get(principal: Principal, id: string): Promise<{ settings: UnifiedSettings; updatedAt: Date | null }> {
    const connection = await this.transactions.run(principal, (manager) => this.live(manager, principal.tenantId, id));
    return { settings: storedUnifiedSettings(connection.unifiedSettings, connection.system), updatedAt: connection.unifiedSettingsUpdatedAt ?? null };
  }

  async replace(principal: Principal, id: string, body: unknown): Promise<SavedSettings> {
    // Which fields have a code table depends on the system: the connection is read first.
    const connection = await this.transactions.run(principal, (manager) => this.live(manager, principal.tenantId, id));
    const { settings, errors } = checkUnifiedSettings(body, connection.system);
    if (!settings) throw invalidSettings(errors);
    const validation = checkAgainstSamples(connection.system, settings, await this.samples.forSettings(principal.tenantId, id, settings, connection.system));
    const updatedAt = new Date();
    await this.transactions.run(principal, async (manager) => {
      const locked = await this.connections.lockLive(manager, principal.tenantId, id);
      if (!locked) throw connectionNotFound();
      await manager.update(Connection, { tenantId: principal.tenantId, id }, { unifiedSettings: settings, unifiedSettingsUpdatedAt: updatedAt });
    });
    return { settings, validation, updatedAt };
  }

  /** A live record as it will look with `command.settings`; nothing is stored. */
  async preview(principal: Principal, id: string, command: PreviewCommand): Promise<Preview> {
    const connection = await this.transactions.run(principal, (manager) => this.live(manager, principal.tenantId, id));
    const { settings, errors } = checkUnifiedSettings(command.settings, connection.system);
    if (!settings) throw invalidSettings(errors.map((error) => ({ ...error, field: `settings.${error.field}` })));
    const key = typeof command.entity === 'string' ? command.entity : '';
    if (!isUnifiedEntity(key) && !customObjectOf(settings, key)) throw invalidSettings([{ field: 'entity', message: 'must be a unified entity or custom:<name> of a custom object in settings' }]);
    if (command.remoteId !== undefined && (typeof command.remoteId !== 'string' || command.remoteId === '' || command.remoteId.length > 200)) {
      throw invalidSettings([{ field: 'remoteId', message: 'must be a non-empty string of at most 200 characters' }]);
    }
    const remote = await this.samples.one(principal.tenantId, id, key, settings, command.remoteId).catch((error: unknown) => {
      throw error instanceof UpstreamFailure ? previewFailed(error) : error;
    });
    const record = remote ? (unifiedRecordOf(connection.system, key, remote, settings, { includeRemoteData: true }) ?? null) : null;
    // Only the fetched key has a sample: the other keys' fields go unchecked rather than reported.
    const checked = checkAgainstSamples(connection.system, settings, new Map([[key, { records: remote ? [remote.fields] : [] }]]));
    const validation = { sampled: { [key]: checked.sampled[key] ?? 0 }, problems: checked.problems.map((problem) => ({ ...problem, field: `settings.${problem.field}` })) };
    return { record, validation };
  }

  private async live(manager: EntityManager, tenantId: string, id: string): Promise<Connection> {
    const connection = await this.connections.findLive(manager, tenantId, id);
    if (!connection) throw connectionNotFound();
    return connection;
  }
}
