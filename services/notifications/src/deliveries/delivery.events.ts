import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DeliveryFailedSchema, DeliverySucceededSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { Delivery } from './delivery.entity';

/** Keyed by the alert, so a delivery's outcome follows the alert's own events in order. */
export function deliverySucceeded(delivery: Delivery, at: Date): OutboundEvent {
  return {
    schema: DeliverySucceededSchema,
    subject: delivery.alertId,
    tenantId: delivery.tenantId,
    time: at,
    message: create(DeliverySucceededSchema, {
      deliveryId: delivery.id,
      alertId: delivery.alertId,
      channel: delivery.channel,
      targetId: delivery.targetId,
      attempt: delivery.attempts,
      deliveredAt: timestampFromDate(at),
    }),
  };
}

export function deliveryFailed(delivery: Delivery, reason: string, at: Date): OutboundEvent {
  return {
    schema: DeliveryFailedSchema,
    subject: delivery.alertId,
    tenantId: delivery.tenantId,
    time: at,
    message: create(DeliveryFailedSchema, {
      deliveryId: delivery.id,
      alertId: delivery.alertId,
      channel: delivery.channel,
      targetId: delivery.targetId,
      attempts: delivery.attempts,
      reason,
      failedAt: timestampFromDate(at),
    }),
  };
}
