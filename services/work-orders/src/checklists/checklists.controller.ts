import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, type Principal } from '@mate/service-kit';
import { EDITORS, READERS, SUPERVISORS } from '../common/roles';
import { MAX_CHECKLIST_ITEMS } from '../work-orders/checklist-rules';
import { ChecklistsService } from './checklists.service';
import { RecordChecklistAnswer } from './use-cases/record-checklist-answer';
import { NewChecklistItemDto } from '../work-orders/dtos/checklist-item.dtos';
import { ChecklistDto, ChecklistItemDto, ChecklistResultDto, ChecklistSettingsDto } from './dtos/checklist.dtos';

@ApiTags('checklists')
@Controller('work-orders/:id/checklist')
export class ChecklistsController {
  constructor(
    @Inject(ChecklistsService) private readonly checklists: ChecklistsService,
    @Inject(RecordChecklistAnswer) private readonly recordAnswer: RecordChecklistAnswer,
  ) {}

  @Get()
  @ApiOperation({ summary: "Get a work order's checklist" })
  @Roles(...READERS)
  @ApiOkResponse({ type: ChecklistDto, description: `Every item (a checklist holds at most ${MAX_CHECKLIST_ITEMS}), by position` })
  @ApiProblemResponses(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ChecklistDto> {
    return this.checklists.get(principal, id);
  }

  @Patch()
  @ApiOperation({ summary: "Change a checklist's options" })
  @Roles(...SUPERVISORS)
  @ApiOkResponse({ type: ChecklistDto, description: 'Checklist options' })
  @ApiProblemResponses(404, 409)
  settings(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChecklistSettingsDto,
  ): Promise<ChecklistDto> {
    return this.checklists.updateSettings(principal, id, body.followUpOnFailedInspection);
  }

  @Post('items')
  @ApiOperation({ summary: 'Add a checklist item' })
  @HttpCode(201)
  @Roles(...SUPERVISORS)
  @ApiCreatedResponse({ type: ChecklistItemDto, description: `422 WORK_ORDER_CHECKLIST_LIMIT_REACHED when the checklist has ${MAX_CHECKLIST_ITEMS} items` })
  @ApiProblemResponses(404, 409, 422)
  addItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: NewChecklistItemDto,
  ): Promise<ChecklistItemDto> {
    return this.checklists.addItem(principal, id, body);
  }

  /**
   * Records the answer of one item. Numbers outside their limits are flagged (`outOfRange`); a
   * meter reading is published for the assets service; a failed inspection creates a corrective
   * follow-up work order when the checklist asks for it.
   */
  @Put('items/:itemId/result')
  @ApiOperation({ summary: "Record a checklist item's answer" })
  @Roles(...EDITORS)
  @ApiOkResponse({ type: ChecklistItemDto })
  @ApiProblemResponses(404, 409, 422)
  record(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: ChecklistResultDto,
  ): Promise<ChecklistItemDto> {
    return this.recordAnswer.execute(principal, id, itemId, body);
  }
}
