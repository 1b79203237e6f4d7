import type { AdapterConnection, EntityOperations, RemoteRecord } from '../adapter';
import { createdLookup, holdsSent } from './created-lookup';

const connection: AdapterConnection = { id: 'c-1', tenantId: 't-1', system: 'limble', authKind: 'basic', baseUrl: 'http://127.0.0.1:1', credentials: {}, settings: {} };
const at = (iso: string, id: string, fields: Record<string, unknown>): RemoteRecord => ({ remoteId: id, remoteUpdatedAt: iso, fields: { id, ...fields } as RemoteRecord['fields'] });

/** A listing of fixed pages of two, as an adapter without a modification filter answers it. */
function pagedList(records: RemoteRecord[], seen: string[] = []): NonNullable<EntityOperations['list']> {
  return async (_connection, _session, query) => {
    const start = Number(query.cursor ?? 0);
    seen.push(String(start));
    const next = start + 2;
    return { records: records.slice(start, next), ...(next < records.length ? { nextCursor: String(next) } : {}) };
  };
}

describe('holdsSent', () => {
  it('holds every sent value: scalars alike as text, objects by their keys, lists element by element', () => {
    expect(holdsSent({ name: 'Pump', priority: 2, extra: true }, { name: 'Pump', priority: '2' })).toBe(true);
    expect(holdsSent({ extraFields: { tag: 'a', other: 1 } }, { extraFields: { tag: 'a' } })).toBe(true);
    expect(holdsSent({ items: [{ partID: 1, count: 2, lineID: 9 }] }, { items: [{ partID: 1, count: 2 }] })).toBe(true);
    expect(holdsSent({ name: 'Pump' }, { name: 'Pump', priority: 2 })).toBe(false);
    expect(holdsSent({ items: [{ partID: 1 }, { partID: 2 }] }, { items: [{ partID: 1 }] })).toBe(false);
    expect(holdsSent({ extraFields: 'a' }, { extraFields: { tag: 'a' } })).toBe(false);
    expect(holdsSent({ due: null }, { due: null })).toBe(true);
  });
});

describe('createdLookup', () => {
  const since = '2026-12-04T10:00:00.000Z';
  const records = [
    at('2026-12-04T09:00:00.000Z', '1', { name: 'Lost' }),
    at('2026-12-04T10:00:00.000Z', '2', { name: 'Lost', statusID: 0 }),
    at('2026-12-04T10:00:05.000Z', '3', { name: 'Other' }),
    at('2026-12-04T10:00:06.000Z', '4', { name: 'Lost' }),
    at('2026-12-04T10:00:07.000Z', '5', { name: 'Lost', description: 'x' }),
  ];

  it('pages through everything and keeps the records changed since then that hold what the first call sent', async () => {
    const find = createdLookup(pagedList(records), { pageSize: 2, maxPages: 10, sentOnCreate: ({ statusID: _status, ...rest }) => rest });
    const found = await find(connection, {}, { name: 'Lost', statusID: 1 }, since);
    expect(found?.map((record) => record.remoteId)).toEqual(['2', '4', '5']);
  });

  it('decides nothing (undefined) when the listing is longer than it may scan', async () => {
    const seen: string[] = [];
    const find = createdLookup(pagedList(records, seen), { pageSize: 2, maxPages: 2 });
    expect(await find(connection, {}, { name: 'Lost' }, since)).toBeUndefined();
    expect(seen).toEqual(['0', '2']);
  });
});
