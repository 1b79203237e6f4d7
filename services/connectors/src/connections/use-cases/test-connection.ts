import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@mate/service-kit';
import { UpstreamFailure, type FailureClass } from '../../adapters';
import { UpstreamGateway } from '../../upstream/upstream-gateway';

export interface ConnectionTestResult {
  ok: boolean;
  /** What the failure was classified as, when it failed. */
  classification?: FailureClass;
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
    try {
      await this.gateway.call(tenantId, id, (adapter, connection, session) => adapter.probe(connection, session));
      return { ok: true };
    } catch (error) {
      if (error instanceof UpstreamFailure) return { ok: false, classification: error.classification };
      throw error;
    }
  }
}
