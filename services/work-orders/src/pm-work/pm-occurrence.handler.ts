import { PmOccurrenceDueSchema, type PmOccurrenceDue } from '@mate/contracts';
import { EventContext, OnEvent } from '@mate/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CreatePmWorkOrder } from './use-cases/create-pm-work-order';
import { SupersedeReplacedPmWork } from './use-cases/supersede-replaced-pm-work';

/**
 * The PM scheduling service's events (mate.pm-scheduling.v1): a due occurrence becomes preventive
 * work, and the open work it replaces (overlap policy replace_open) is cancelled in the same transaction.
 */
@Controller()
export class PmOccurrenceHandler {
  constructor(
    @Inject(CreatePmWorkOrder) private readonly createPmWorkOrder: CreatePmWorkOrder,
    @Inject(SupersedeReplacedPmWork) private readonly supersede: SupersedeReplacedPmWork,
  ) {}

  @OnEvent(PmOccurrenceDueSchema)
  async onOccurrenceDue(@Payload() event: PmOccurrenceDue, @Ctx() ctx: EventContext): Promise<void> {
    const workOrder = await this.createPmWorkOrder.execute(ctx.manager, ctx.tenantId, event, ctx.envelope.id);
    if (workOrder && event.replacesOccurrenceIds.length > 0) await this.supersede.execute(ctx.manager, ctx.tenantId, event, workOrder);
  }
}
