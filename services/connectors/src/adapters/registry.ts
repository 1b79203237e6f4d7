import type { ConnectorAdapter, ConnectorDescription, SystemKind } from './adapter';
import { fiixAdapter } from './systems/fiix.adapter';
import { limbleAdapter } from './systems/limble.adapter';
import { maintainxAdapter } from './systems/maintainx.adapter';
import { maximoAdapter } from './systems/maximo.adapter';
import { sapAdapter } from './systems/sap.adapter';
import { upkeepAdapter } from './systems/upkeep.adapter';
import type { UpstreamHttp } from './upstream-http';

export type ConnectorAdapters = Readonly<Record<SystemKind, ConnectorAdapter>>;

/** One adapter per supported system, all sending through the same HTTP client. */
export function createAdapters(http: UpstreamHttp): ConnectorAdapters {
  return {
    maximo: maximoAdapter(http),
    sap: sapAdapter(http),
    fiix: fiixAdapter(http),
    upkeep: upkeepAdapter(http),
    maintainx: maintainxAdapter(http),
    limble: limbleAdapter(http),
  };
}

/** The supported systems, their auth kinds and credential fields (`GET /api/v1/connectors`). */
export function describeConnectors(adapters: ConnectorAdapters): ConnectorDescription[] {
  return Object.values(adapters).map((adapter) => adapter.description);
}
