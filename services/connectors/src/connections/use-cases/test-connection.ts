import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mate/service-kit';
import type { FailureClass } from '../../adapters';
import type { ConnectionStatus } from '../../health';
import { UpstreamGateway } from '../../upstream/upstream-gateway';

export interface ConnectionTestResult {
  ok: boolean;
  /** What the failure was classified as, when it failed. */
  classification?: FailureClass;
  /** The connection's status once the outcome was recorded. */
  status: ConnectionStatus;
}

/**
 * One probe through the gateway, as a scheduled probe does: its outcome feeds the connection's
 * health. While reauthorization is needed or the connection is paused, the gateway refuses
 * before anything goes upstream.
 */
@Injectable()
export class TestConnection {
  constructor(@Inject(UpstreamGateway) private readonly gateway: UpstreamGateway) {}

  async execute(tenant: Principal | string, id: string): Promise<ConnectionTestResult> {
    const tenantId = typeof tenant === 'string' ? tenant : tenant.tenantId;
    const outcome = await this.gateway.attempt(tenantId, id, (adapter, connection, session) => adapter.probe(connection, session));
    return outcome.ok ? { ok: true, status: outcome.status } : { ok: false, classification: outcome.failure.classification, status: outcome.status };
  }
}
