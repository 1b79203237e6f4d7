/** Injection token of the ConnectorAdapters (one per system, over the service's UpstreamHttp). */
export const CONNECTOR_ADAPTERS = Symbol('CONNECTOR_ADAPTERS');
