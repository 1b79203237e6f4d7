/**
 * Live sample records for the settings' checks and the preview, through the UpstreamGateway (the
 * connection's health, session refresh and pause rules apply). A missing table or permission is a
 * finding about that entity, not a failure of the whole check.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainException, ProblemException } from '@mate/service-kit';
import { UpstreamFailure, type AdapterConnection, type AuthSession, type ConnectorAdapter, type RemoteRecord, type SystemKind } from '../../adapters';
import { joinUrl } from '../../adapters/system-adapter';
import { objectsIn } from '../../adapters/systems/reads-support';
import { codeListsOf, customObjectOf, customTableRef, isUnifiedEntity, sampledEntities, type CodeList, type Sample, type UnifiedSettings } from '../../unified';
import { UpstreamGateway } from '../../upstream/upstream-gateway';

const SAMPLE_SIZE = 10;
/** Failures that say something about one entity (a table the system lacks, a permission the account lacks). */
const PER_ENTITY: readonly string[] = ['not_found', 'permission_denied', 'upstream_validation'];

type Reader = (adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession) => Promise<RemoteRecord[]>;

/** Reads a page (or one record, with `remoteId`) of an entity key (`workOrder`, `custom:<name>`). */
export function readerOf(key: string, settings: UnifiedSettings, pageSize: number, remoteId?: string): Reader {
  return async (adapter, connection, session) => {
    if (isUnifiedEntity(key)) {
      const operations = adapter.entities[key];
      if (remoteId !== undefined && operations?.get) return [await operations.get(connection, session, remoteId)];
      return (await operations?.list?.(connection, session, { pageSize }))?.records ?? [];
    }
    const object = customObjectOf(settings, key);
    if (!object || !adapter.customTables) return [];
    if (remoteId !== undefined) return [await adapter.customTables.get(connection, session, customTableRef(object), remoteId)];
    return (await adapter.customTables.list(connection, session, customTableRef(object), { pageSize })).records;
  };
}

@Injectable()
export class SampleRecords {
  constructor(@Inject(UpstreamGateway) private readonly gateway: UpstreamGateway) {}

  /**
   * Samples of every entity with custom fields or code overrides and of every custom object, and
   * the account's code lists where the system has them (`codes:<entity>.<field>`); one upstream round per key.
   */
  async forSettings(tenantId: string, connectionId: string, settings: UnifiedSettings, system: SystemKind): Promise<Map<string, Sample>> {
    const lists = codeListsOf(system, settings);
    const readers = new Map<string, Reader>([
      ...[...sampledEntities(settings), ...settings.customObjects.map((object) => `custom:${object.name}`)].map((key): [string, Reader] => [key, readerOf(key, settings, SAMPLE_SIZE)]),
      ...lists.map(({ key, list }): [string, Reader] => [key, listReader(list)]),
    ]);
    const keys = [...readers.keys()];
    const samples = new Map<string, Sample>();
    if (keys.length === 0) return samples;
    try {
      await this.gateway.call(tenantId, connectionId, async (adapter, connection, session) => {
        for (const [key, read] of readers) samples.set(key, await sampleOf(read, adapter, connection, session));
      });
    } catch (error) {
      // The connection cannot be called now (paused, reauthorization, outage): the settings are still
      // stored, and the validation says nothing could be checked and why.
      const reason = unavailable(error);
      for (const key of keys) if (!samples.has(key)) samples.set(key, { failure: reason });
    }
    return samples;
  }

  /** One live record for a preview: `remoteId`'s, or the first the system lists. */
  one(tenantId: string, connectionId: string, key: string, settings: UnifiedSettings, remoteId?: string): Promise<RemoteRecord | undefined> {
    return this.gateway.call(tenantId, connectionId, async (adapter, connection, session) => (await readerOf(key, settings, 1, remoteId)(adapter, connection, session))[0]);
  }
}

/** The account's code list (Limble's task statuses), its items as records. */
function listReader(list: CodeList): Reader {
  return async (adapter, connection, session) => {
    const reply = await adapter.raw(connection, session, { method: 'GET', operation: 'list codes', url: joinUrl(connection.baseUrl, list.path) });
    const failure = adapter.classifyFailure(reply, 'call');
    if (failure) throw new UpstreamFailure(failure, { system: adapter.description.system, operation: 'list codes', status: reply.status });
    return objectsIn(reply.json).map((fields) => ({ remoteId: String(fields[list.code]), fields }));
  };
}

async function sampleOf(read: Reader, adapter: ConnectorAdapter, connection: AdapterConnection, session: AuthSession): Promise<Sample> {
  try {
    return { records: (await read(adapter, connection, session)).map((record) => record.fields) };
  } catch (error) {
    if (error instanceof UpstreamFailure && PER_ENTITY.includes(error.classification)) return { failure: error.classification };
    throw error;
  }
}

function unavailable(error: unknown): string {
  if (error instanceof UpstreamFailure) return error.classification;
  if (error instanceof ProblemException) return String(error.problem.detail ?? error.problem.title);
  if (error instanceof DomainException) return error.message;
  throw error;
}
