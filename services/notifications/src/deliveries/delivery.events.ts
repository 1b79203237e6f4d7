import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DeliveryFailedSchema, DeliverySucceededSchema, WebhookEndpointDisabledSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { Delivery } from './delivery.entity';

/**
 * Keyed by the alert, so a delivery's outcome follows the alert's own events in order. A digest
 * has no alert of its own: keyed by its delivery id, with an empty alert id.
 */
export function deliverySucceeded(delivery: Delivery, at: Date): OutboundEvent {
  return {
    schema: DeliverySucceededSchema,
    subject: delivery.alertId ?? delivery.id,
    tenantId: delivery.tenantId,
    time: at,
    message: create(DeliverySucceededSchema, {
      deliveryId: delivery.id,
      alertId: delivery.alertId ?? '',
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
    subject: delivery.alertId ?? delivery.id,
    tenantId: delivery.tenantId,
    time: at,
    message: create(DeliveryFailedSchema, {
      deliveryId: delivery.id,
      alertId: delivery.alertId ?? '',
      channel: delivery.channel,
      targetId: delivery.targetId,
      attempts: delivery.attempts,
      reason,
      failedAt: timestampFromDate(at),
    }),
  };
}

/** Keyed by the endpoint: its own aggregate. */
export function webhookEndpointDisabled(endpoint: { tenantId: string; id: string; failingSince: Date }, reason: string, at: Date): OutboundEvent {
  return {
    schema: WebhookEndpointDisabledSchema,
    subject: endpoint.id,
    tenantId: endpoint.tenantId,
    time: at,
    message: create(WebhookEndpointDisabledSchema, {
      endpointId: endpoint.id,
      reason,
      failingSince: timestampFromDate(endpoint.failingSince),
      disabledAt: timestampFromDate(at),
    }),
  };
}
