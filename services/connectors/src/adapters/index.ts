export {
  AUTH_KINDS,
  SYSTEM_KINDS,
  UNIFIED_ENTITIES,
  type AdapterConnection,
  type AuthKind,
  type AuthMethod,
  type AuthSession,
  type CallPhase,
  type ConnectorAdapter,
  type ConnectorDescription,
  type CredentialField,
  type CustomTableOperations,
  type CustomTableRef,
  type EntityOperations,
  type ListQuery,
  type RemotePage,
  type RemoteRecord,
  type SystemKind,
  type UnifiedEntity,
} from './adapter';
export { InvalidCursorError } from './systems/reads-support';
export { FAILURE_CLASSES, UpstreamFailure, isAuthFailure, isTransientFailure, type FailureClass } from './failure';
export { UpstreamHttp, DEFAULT_UPSTREAM_HTTP_OPTIONS, type UpstreamCallObservation, type UpstreamHttpOptions, type UpstreamOutcome } from './upstream-http';
export type { UpstreamReply, UpstreamRequest } from './upstream-reply';
export { createAdapters, describeConnectors, type ConnectorAdapters } from './registry';
