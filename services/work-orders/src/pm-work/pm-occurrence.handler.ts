import { PmOccurrenceDueSchema, type PmOccurrenceDue } from '@mate/contracts';
import { EventContext, OnEvent } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CreatePmWorkOrder } from './use-cases/create-pm-work-order';

/** The PM scheduling service's events (mate.pm-scheduling.v1): a due occurrence becomes preventive work. */
@Controller()
export class PmOccurrenceHandler {
  constructor(@Inject(CreatePmWorkOrder) private readonly createPmWorkOrder: CreatePmWorkOrder) {}

  @OnEvent(PmOccurrenceDueSchema)
  onOccurrenceDue(@Payload() event: PmOccurrenceDue, @Ctx() ctx: EventContext): Promise<void> {
    return this.createPmWorkOrder.execute(ctx.manager, ctx.tenantId, event, ctx.envelope.id);
  }
}
