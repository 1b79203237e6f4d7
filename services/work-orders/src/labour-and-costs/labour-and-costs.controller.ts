import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, CursorPageQuery, Roles, type Principal } from '@mate/service-kit';
import { CostTotalsDto } from '../work-orders/dtos/work-order.dtos';
import { EDITORS, READERS } from '../common/roles';
import type { CostTotals } from '../work-orders/labour-and-costs.repository';
import {
  AddOtherCostDto,
  AddPartDto,
  LabourEntryDto,
  LabourEntryPageDto,
  LogLabourDto,
  OtherCostDto,
  OtherCostPageDto,
  PartLineDto,
  PartLinePageDto,
  StartTimerDto,
  StopTimerDto,
} from './dtos/labour-and-costs.dtos';
import { LabourAndCostsService } from './labour-and-costs.service';

@ApiTags('labour and costs')
@Controller('work-orders/:id')
export class LabourAndCostsController {
  constructor(@Inject(LabourAndCostsService) private readonly service: LabourAndCostsService) {}

  @Get('labour')
  @ApiOperation({ summary: "List a work order's time entries" })
  @Roles(...READERS)
  @ApiOkResponse({ type: LabourEntryPageDto, description: 'Time entries in the order they were logged; `limit` ≤ 200' })
  @ApiProblemResponses(400, 404)
  labour(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: CursorPageQuery): Promise<LabourEntryPageDto> {
    return this.service.labour(principal, id, query);
  }

  @Post('labour')
  @ApiOperation({ summary: 'Log time as a duration' })
  @HttpCode(201)
  @Roles(...EDITORS)
  @ApiCreatedResponse({ type: LabourEntryDto, description: 'A time entry given as a duration' })
  @ApiProblemResponses(404, 409)
  logLabour(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: LogLabourDto): Promise<LabourEntryDto> {
    return this.service.logLabour(principal, id, body);
  }

  @Post('labour/timer/start')
  @ApiOperation({ summary: 'Start a timer' })
  @HttpCode(201)
  @Roles(...EDITORS)
  @ApiCreatedResponse({ type: LabourEntryDto, description: 'A running time entry; 409 when one already runs' })
  @ApiProblemResponses(404, 409)
  startTimer(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: StartTimerDto): Promise<LabourEntryDto> {
    return this.service.startTimer(principal, id, body);
  }

  @Post('labour/timer/stop')
  @ApiOperation({ summary: 'Stop a timer' })
  @HttpCode(200)
  @Roles(...EDITORS)
  @ApiOkResponse({ type: LabourEntryDto, description: 'The stopped entry, minutes rounded' })
  @ApiProblemResponses(404, 409)
  stopTimer(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: StopTimerDto): Promise<LabourEntryDto> {
    return this.service.stopTimer(principal, id, body.technicianId);
  }

  @Delete('labour/:entryId')
  @ApiOperation({ summary: 'Delete a time entry' })
  @HttpCode(204)
  @Roles(...EDITORS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409)
  deleteLabour(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
  ): Promise<void> {
    return this.service.deleteLabour(principal, id, entryId);
  }

  @Get('parts')
  @ApiOperation({ summary: "List a work order's parts" })
  @Roles(...READERS)
  @ApiOkResponse({ type: PartLinePageDto, description: 'Part lines in the order they were added; `limit` ≤ 200' })
  @ApiProblemResponses(400, 404)
  parts(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: CursorPageQuery): Promise<PartLinePageDto> {
    return this.service.parts(principal, id, query);
  }

  @Post('parts')
  @ApiOperation({ summary: 'Add a part line' })
  @HttpCode(201)
  @Roles(...EDITORS)
  @ApiCreatedResponse({ type: PartLineDto, description: 'On an assigned work order, asks the assets service to reserve the parts' })
  @ApiProblemResponses(404, 409)
  addPart(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddPartDto): Promise<PartLineDto> {
    return this.service.addPart(principal, id, body);
  }

  @Delete('parts/:lineId')
  @ApiOperation({ summary: 'Delete a part line' })
  @HttpCode(204)
  @Roles(...EDITORS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409)
  deletePart(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('lineId', ParseUUIDPipe) lineId: string,
  ): Promise<void> {
    return this.service.deletePart(principal, id, lineId);
  }

  @Get('costs')
  @ApiOperation({ summary: "List a work order's other costs" })
  @Roles(...READERS)
  @ApiOkResponse({ type: OtherCostPageDto, description: 'Costs other than labour and parts, in the order they were added; `limit` ≤ 200' })
  @ApiProblemResponses(400, 404)
  otherCosts(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: CursorPageQuery): Promise<OtherCostPageDto> {
    return this.service.otherCosts(principal, id, query);
  }

  @Post('costs')
  @ApiOperation({ summary: 'Add another cost' })
  @HttpCode(201)
  @Roles(...EDITORS)
  @ApiCreatedResponse({ type: OtherCostDto })
  @ApiProblemResponses(404, 409)
  addOtherCost(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddOtherCostDto): Promise<OtherCostDto> {
    return this.service.addOtherCost(principal, id, body);
  }

  @Delete('costs/:costId')
  @ApiOperation({ summary: 'Delete another cost' })
  @HttpCode(204)
  @Roles(...EDITORS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409)
  deleteOtherCost(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('costId', ParseUUIDPipe) costId: string,
  ): Promise<void> {
    return this.service.deleteOtherCost(principal, id, costId);
  }

  @Get('totals')
  @ApiOperation({ summary: "Get a work order's cost totals" })
  @Roles(...READERS)
  @ApiOkResponse({ type: CostTotalsDto })
  @ApiProblemResponses(404)
  totals(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CostTotals> {
    return this.service.totals(principal, id);
  }
}
