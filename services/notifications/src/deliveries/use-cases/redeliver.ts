import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal } from '@mate/service-kit';
import type { Delivery } from '../delivery.entity';
import { DeliveryException, DeliveryExceptionCode } from '../delivery.exception';
import { DeliveryRepository } from '../delivery.repository';

/**
 * Manual redelivery of a delivered or given-up delivery: pending again, due now, with a fresh
 * retry window. It keeps its id, so the receiver sees the same `webhook-id` (a receiver that
 * already processed it may drop it; one that asked for it again should not deduplicate).
 */
@Injectable()
export class Redeliver {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
  ) {}

  execute(principal: Principal, deliveryId: string): Promise<Delivery> {
    return this.transactions.run(principal, async (manager) => {
      const delivery = await this.deliveries.findForAttempt(manager, principal.tenantId, deliveryId);
      if (!delivery) throw new DeliveryException(DeliveryExceptionCode.NOT_FOUND, 'no such delivery');
      if (delivery.status === 'pending') throw new DeliveryException(DeliveryExceptionCode.STILL_PENDING, 'the delivery is still being attempted');
      const now = new Date();
      const again: Delivery = { ...delivery, status: 'pending', firstAttemptAt: null, nextAttemptAt: now, lastError: null, updatedAt: now };
      await this.deliveries.save(manager, again);
      await this.deliveries.schedule(manager, again, now);
      return again;
    });
  }
}
