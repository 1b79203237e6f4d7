import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { OutboundEvent } from '@mate/messaging';
import type { EntityManager } from 'typeorm';
import type { EventPublisher } from '../../common/event-publisher';
import { Asset, Downtime } from '../asset.entity';
import type { AssetRepository } from '../asset.repository';
import type { DowntimeRepository } from '../downtime.repository';
import { ApplyWorkOrderDowntime, workOrderDowntimeOf, type WorkOrderDowntime } from './apply-work-order-downtime';

const at = (iso: string) => timestampFromDate(new Date(iso));
const manager = {} as EntityManager;

describe('workOrderDowntimeOf', () => {
  const base = { workOrderId: randomUUID(), number: 'WO-1', assetId: randomUUID() };

  it('is null when the work order recorded no downtime', () => {
    expect(workOrderDowntimeOf(base)).toBeNull();
  });

  it('ends a downtime left open at the completion or cancellation', () => {
    const downtime = workOrderDowntimeOf({ ...base, downtime: { startedAt: at('2026-01-01T08:00:00Z'), planned: true }, endedBy: at('2026-01-01T09:00:00Z') });
    expect(downtime).toMatchObject({ startedAt: new Date('2026-01-01T08:00:00Z'), endedAt: new Date('2026-01-01T09:00:00Z'), planned: true });
  });

  it('refuses what cannot be applied: no asset, no end, an end before the start', () => {
    const downtime = { startedAt: at('2026-01-01T08:00:00Z'), endedAt: at('2026-01-01T07:00:00Z'), planned: false };
    expect(workOrderDowntimeOf({ ...base, assetId: '', downtime })).toEqual({ invalid: expect.stringContaining('asset') });
    expect(workOrderDowntimeOf({ ...base, downtime: { startedAt: downtime.startedAt, planned: false } })).toEqual({ invalid: expect.stringContaining('end') });
    expect(workOrderDowntimeOf({ ...base, downtime })).toEqual({ invalid: expect.stringContaining('before') });
  });
});

describe('ApplyWorkOrderDowntime', () => {
  const tenantId = randomUUID();
  const asset = Object.assign(new Asset(), { id: randomUUID(), tenantId, status: 'operational' });
  let stored: Downtime[];
  let published: OutboundEvent[];
  let useCase: ApplyWorkOrderDowntime;

  beforeEach(() => {
    stored = [];
    published = [];
    const assets: Pick<AssetRepository, 'findById'> = { findById: async (_m, _t, id) => (id === asset.id ? asset : null) };
    const downtimes: Pick<DowntimeRepository, 'insert' | 'findOfWorkOrderForUpdate' | 'updateInterval'> = {
      insert: async (_m, downtime) => stored.push({ ...downtime }),
      findOfWorkOrderForUpdate: async (_m, _t, workOrderId) => {
        const found = stored.find((d) => d.workOrderId === workOrderId && d.origin === 'work_order');
        return found ? Object.assign(new Downtime(), found) : null;
      },
      updateInterval: async (_m, downtime) => {
        stored = stored.map((d) => (d.id === downtime.id ? { ...downtime } : d));
      },
    };
    const events: Pick<EventPublisher, 'publish'> = { publish: async (_m, batch) => void published.push(...(batch as OutboundEvent[])) };
    useCase = new ApplyWorkOrderDowntime(assets as AssetRepository, downtimes as DowntimeRepository, events as EventPublisher);
  });

  const input = (overrides: Partial<WorkOrderDowntime> = {}): WorkOrderDowntime => ({
    workOrderId: 'wo-1',
    number: 'WO-7',
    assetId: asset.id,
    startedAt: new Date('2026-01-01T08:00:00Z'),
    endedAt: new Date('2026-01-01T10:00:00Z'),
    planned: false,
    ...overrides,
  });

  it('records one interval per work order and publishes it once', async () => {
    expect(await useCase.execute(manager, tenantId, input())).toBe('recorded');
    expect(await useCase.execute(manager, tenantId, input())).toBe('unchanged');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'unplanned', status: 'down', reason: 'work order WO-7', workOrderId: 'wo-1', origin: 'work_order' });
    expect(published.map((e) => e.schema.typeName)).toEqual(['mate.assets.v1.DowntimeOpened', 'mate.assets.v1.DowntimeClosed']);
  });

  it('corrects the interval when a reopened work order is completed with another one', async () => {
    await useCase.execute(manager, tenantId, input());
    expect(await useCase.execute(manager, tenantId, input({ endedAt: new Date('2026-01-01T11:00:00Z'), planned: true }))).toBe('corrected');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'planned', status: 'maintenance', endedAt: new Date('2026-01-01T11:00:00Z') });
    expect(published.map((e) => e.schema.typeName)).toEqual(['mate.assets.v1.DowntimeOpened', 'mate.assets.v1.DowntimeClosed', 'mate.assets.v1.DowntimeClosed']);
  });

  it('changes nothing for an asset the tenant does not have', async () => {
    expect(await useCase.execute(manager, tenantId, input({ assetId: randomUUID() }))).toBe('asset_not_found');
    expect(stored).toHaveLength(0);
    expect(published).toHaveLength(0);
  });
});
