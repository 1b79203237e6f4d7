import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { AlertMessage, ChannelSender, DeliveryOutcome } from '../../channels';
import { EndpointException, EndpointExceptionCode, EndpointRepository, endpointNotFound } from '../../endpoints';
import { CHANNEL_SENDERS, type ChannelSenders } from '../channel-senders';
import { DeliveryTargets, type TargetsByChannel } from '../delivery-targets';

/** A test delivery's id and how the receiver answered. */
export interface PingResult {
  deliveryId: string;
  outcome: DeliveryOutcome;
}

/**
 * Sends one test delivery (`endpoint.test`) to an endpoint now, signed like any other, and
 * answers how it went. Nothing is retried or logged: it is the administrator's own check.
 */
@Injectable()
export class PingEndpoint {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(EndpointRepository) private readonly endpoints: EndpointRepository,
    @Inject(DeliveryTargets) private readonly targets: DeliveryTargets,
    @Inject(CHANNEL_SENDERS) private readonly senders: ChannelSenders,
  ) {}

  async execute(principal: Principal, endpointId: string): Promise<PingResult> {
    const { kind, target } = await this.transactions.run(principal, async (manager) => {
      const endpoint = await this.endpoints.findEndpoint(manager, principal.tenantId, endpointId);
      if (!endpoint) throw endpointNotFound();
      if (!endpoint.enabled) throw new EndpointException(EndpointExceptionCode.DISABLED, 'the endpoint is disabled: enable it (PATCH enabled: true) first');
      return { kind: endpoint.kind, target: await this.targets.resolve(manager, principal.tenantId, endpoint.kind, endpoint.id) };
    });
    if (target === null) throw endpointNotFound();
    // Sent outside the transaction: no row stays locked while a receiver takes its time.
    const deliveryId = randomUUID();
    const sender = this.senders[kind] as ChannelSender<TargetsByChannel[typeof kind]>;
    const outcome = await sender.send({ deliveryId, attempt: 1, alert: testAlert(principal.tenantId, endpointId), target });
    return { deliveryId, outcome };
  }
}

function testAlert(tenantId: string, endpointId: string): AlertMessage {
  const now = new Date();
  return {
    alertId: randomUUID(),
    tenantId,
    type: 'endpoint.test',
    severity: 'info',
    status: 'open',
    title: "Test delivery from Mechanic's Mate",
    summary: 'This endpoint receives alerts. Nothing needs doing.',
    subject: { kind: 'service', id: endpointId },
    occurrenceCount: 1,
    firstSeenAt: now,
    lastSeenAt: now,
    eventIds: [],
    notification: 'endpoint.test',
  };
}
