import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, setEtag, type Principal } from '@mate/service-kit';
import type { Response } from 'express';
import { WorkOrderDto } from '../work-orders/dtos/work-order.dtos';
import { EDITORS } from '../common/roles';
import { TransitionDto } from './dtos/transition.dtos';
import { TransitionWorkOrder } from './use-cases/transition-work-order';

@ApiTags('work-orders')
@Controller('work-orders')
export class TransitionsController {
  constructor(@Inject(TransitionWorkOrder) private readonly transitionWorkOrder: TransitionWorkOrder) {}

  /**
   * open → in_progress ⇄ on_hold → completed → closed; cancelled from open/in_progress/on_hold;
   * completed → in_progress reopens (planner/admin, with a reason).
   */
  @Post(':id/transitions')
  @ApiOperation({ summary: "Change a work order's status" })
  @HttpCode(200)
  @Roles(...EDITORS)
  @ApiOkResponse({ type: WorkOrderDto, description: 'The work order after the transition' })
  @ApiProblemResponses(404, 409, 422)
  async transition(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WorkOrderDto> {
    const workOrder = await this.transitionWorkOrder.execute(principal, id, body.to, body.reason);
    setEtag(response, workOrder.version);
    return workOrder;
  }
}
