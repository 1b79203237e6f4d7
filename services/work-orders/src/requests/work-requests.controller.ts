import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, type Principal } from '@mate/service-kit';
import {
  ApproveWorkRequestDto,
  ListWorkRequestsQuery,
  RejectWorkRequestDto,
  SubmitWorkRequestDto,
  WorkRequestDto,
  WorkRequestPageDto,
} from './dtos/work-request.dtos';
import { PLANNERS, REQUEST_READERS, REQUEST_SUBMITTERS } from '../common/roles';
import { WorkRequestsService } from './work-requests.service';

@ApiTags('work-requests')
@Controller('work-requests')
export class WorkRequestsController {
  constructor(@Inject(WorkRequestsService) private readonly requests: WorkRequestsService) {}

  @Post()
  @ApiOperation({ summary: 'Submit a work request' })
  @Roles(...REQUEST_SUBMITTERS)
  @ApiCreatedResponse({ type: WorkRequestDto })
  @ApiProblemResponses(422)
  submit(@CurrentPrincipal() principal: Principal, @Body() body: SubmitWorkRequestDto): Promise<WorkRequestDto> {
    return this.requests.submit(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'List work requests' })
  @Roles(...REQUEST_READERS)
  @ApiOkResponse({ type: WorkRequestPageDto, description: 'Requesters and technicians see their own requests' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListWorkRequestsQuery): Promise<WorkRequestPageDto> {
    return this.requests.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a work request' })
  @Roles(...REQUEST_READERS)
  @ApiOkResponse({ type: WorkRequestDto })
  @ApiProblemResponses(404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WorkRequestDto> {
    return this.requests.get(principal, id);
  }

  @Post(':id/approve')
  @ApiOperation({ summary: 'Approve a work request into a work order' })
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: WorkRequestDto, description: 'Creates the work order, linked to the request with its attachments' })
  @ApiProblemResponses(404, 409, 422)
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ApproveWorkRequestDto,
  ): Promise<WorkRequestDto> {
    return this.requests.approve(principal, id, body);
  }

  @Post(':id/reject')
  @ApiOperation({ summary: 'Reject a work request' })
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: WorkRequestDto })
  @ApiProblemResponses(404, 409)
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RejectWorkRequestDto,
  ): Promise<WorkRequestDto> {
    return this.requests.reject(principal, id, body.reason);
  }
}
