import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, mapPage, Roles, type Principal } from '@mate/service-kit';
import { DeliveryAttemptDto, DeliveryAttemptPageDto, DeliveryDto, ListDeliveryAttemptsQueryDto, PingResultDto } from './dtos/delivery-log.dtos';
import type { Delivery } from './delivery.entity';
import type { DeliveryAttemptView } from './delivery.repository';
import { PingEndpoint } from './use-cases/ping-endpoint';
import { ReadDeliveryLog } from './use-cases/read-delivery-log';
import { Redeliver } from './use-cases/redeliver';

function toAttemptDto(row: DeliveryAttemptView): DeliveryAttemptDto {
  return {
    deliveryId: row.deliveryId,
    alertId: row.alertId,
    notification: row.notification,
    attempt: row.attempt,
    outcome: row.outcome,
    responseStatus: row.responseStatus,
    latencyMs: row.latencyMs,
    error: row.error,
    attemptedAt: new Date(row.attemptedAt).toISOString(),
    deliveryStatus: row.deliveryStatus,
  };
}

function toDeliveryDto(delivery: Delivery): DeliveryDto {
  const { id, alertId, channel, targetId, status, attempts } = delivery;
  return { id, alertId, channel, targetId, status, attempts, nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null };
}

/** HTTP only: an endpoint's delivery log, test deliveries and manual redelivery. Administrators only. */
@ApiTags('webhook-endpoints')
@Controller()
@Roles('admin')
export class DeliveriesController {
  constructor(
    @Inject(ReadDeliveryLog) private readonly log: ReadDeliveryLog,
    @Inject(Redeliver) private readonly redelivering: Redeliver,
    @Inject(PingEndpoint) private readonly pinging: PingEndpoint,
  ) {}

  @Get('webhook-endpoints/:id/deliveries')
  @ApiOperation({ summary: 'The delivery log of an endpoint: one entry per attempt, newest first' })
  @ApiOkResponse({ type: DeliveryAttemptPageDto })
  @ApiProblemResponses(404)
  async deliveries(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: ListDeliveryAttemptsQueryDto): Promise<DeliveryAttemptPageDto> {
    return mapPage(await this.log.execute(principal, id, query), toAttemptDto);
  }

  @Post('webhook-endpoints/:id/ping')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a signed test delivery (`endpoint.test`) now and report how the receiver answered' })
  @ApiOkResponse({ type: PingResultDto })
  @ApiProblemResponses(404, 409)
  async ping(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PingResultDto> {
    const { deliveryId, outcome } = await this.pinging.execute(principal, id);
    return { deliveryId, outcome: outcome.kind, responseStatus: outcome.responseStatus ?? null, latencyMs: outcome.latencyMs, error: outcome.kind === 'delivered' ? null : outcome.reason };
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivered or given-up delivery again (same webhook-id, a fresh retry window)' })
  @ApiAcceptedResponse({ type: DeliveryDto })
  @ApiProblemResponses(404, 409)
  async redeliver(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<DeliveryDto> {
    return toDeliveryDto(await this.redelivering.execute(principal, id));
  }
}
