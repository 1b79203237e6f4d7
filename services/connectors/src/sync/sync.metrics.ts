import { metrics } from '@opentelemetry/api';

/**
 * Sync progress on /metrics: pages and records per system and entity (records by outcome), runs by
 * final status, and the records a running sync still expects where the system gives a total.
 * Labels are bounded (systems, entities, outcomes); custom objects count as `custom`.
 */
function instruments() {
  const meter = metrics.getMeter('mate.connectors.sync');
  return {
    pages: meter.createCounter('mate_connector_sync_pages', { description: 'Pages fetched and stored by syncs, per system and entity' }),
    records: meter.createCounter('mate_connector_sync_records', { description: 'Records stored by syncs, per system, entity and outcome (upserted, unchanged, deleted)' }),
    runs: meter.createCounter('mate_connector_sync_runs', { description: 'Sync runs ended, per system, entity and status' }),
    remaining: meter.createUpDownCounter('mate_connector_sync_records_remaining', { description: 'Records running syncs still expect (where the system gives a total)' }),
  };
}

let current: { provider: unknown; instruments: ReturnType<typeof instruments> } | undefined;

function get() {
  const provider = metrics.getMeterProvider();
  if (current?.provider !== provider) current = { provider, instruments: instruments() };
  return current.instruments;
}

const entityLabel = (entity: string) => (entity.startsWith('custom:') ? 'custom' : entity);

export const syncMetrics = {
  page(system: string, entity: string, outcome: { upserted: number; unchanged: number; deleted: number }, remainingDelta: number): void {
    const labels = { system, entity: entityLabel(entity) };
    const m = get();
    m.pages.add(1, labels);
    for (const [name, count] of Object.entries(outcome)) if (count > 0) m.records.add(count, { ...labels, outcome: name });
    if (remainingDelta !== 0) m.remaining.add(remainingDelta, labels);
  },
  ended(system: string, entity: string, status: string, remaining: number): void {
    const labels = { system, entity: entityLabel(entity) };
    get().runs.add(1, { ...labels, status });
    if (remaining !== 0) get().remaining.add(-remaining, labels);
  },
};
