import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  CurrentPrincipal,
  CursorPageQuery,
  IfMatch,
  mapPage,
  Roles,
  setEtag,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { Response } from 'express';
import { CommentDto, CommentPageDto, CreateCommentDto, HistoryEntryDto, HistoryPageDto } from './dtos/comment-and-history.dtos';
import { ListWorkOrdersQuery } from './dtos/list-work-orders.query';
import { CreateWorkOrderDto, UpdateWorkOrderDto, WorkOrderDto, WorkOrderPageDto } from './dtos/work-order.dtos';
import { EDITORS, READERS, SUPERVISORS } from '../common/roles';
import type { WorkOrderComment } from './work-order-comment.entity';
import type { WorkOrderHistoryEntry } from './work-order-history.entity';
import { AddComment } from './use-cases/add-comment';
import { CreateWorkOrder } from './use-cases/create-work-order';
import { ReadWorkOrders } from './use-cases/read-work-orders';
import { UpdateWorkOrder } from './use-cases/update-work-order';

function commentDto(comment: WorkOrderComment): CommentDto {
  return { id: comment.id, authorId: comment.authorId, body: comment.body, createdAt: comment.createdAt.toISOString() };
}

function historyDto(entry: WorkOrderHistoryEntry): HistoryEntryDto {
  return {
    kind: entry.kind,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    reason: entry.reason,
    changes: entry.changes,
    actor: entry.actor,
    at: entry.at.toISOString(),
  };
}

@ApiTags('work-orders')
@Controller('work-orders')
export class WorkOrdersController {
  constructor(
    @Inject(CreateWorkOrder) private readonly createWorkOrder: CreateWorkOrder,
    @Inject(UpdateWorkOrder) private readonly updateWorkOrder: UpdateWorkOrder,
    @Inject(ReadWorkOrders) private readonly workOrders: ReadWorkOrders,
    @Inject(AddComment) private readonly addCommentToWorkOrder: AddComment,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a work order' })
  @Roles(...SUPERVISORS)
  @ApiCreatedResponse({ type: WorkOrderDto, description: 'Created; ETag holds the version' })
  @ApiProblemResponses(409, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWorkOrderDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WorkOrderDto> {
    const workOrder = await this.createWorkOrder.fromApi(principal, body);
    setEtag(response, workOrder.version);
    response.setHeader('Location', `/api/v1/work-orders/${workOrder.id}`);
    return workOrder;
  }

  @Get()
  @ApiOperation({ summary: 'List work orders' })
  @Roles(...READERS)
  @ApiOkResponse({ type: WorkOrderPageDto, description: 'Technicians see only work assigned to them' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListWorkOrdersQuery): Promise<WorkOrderPageDto> {
    return this.workOrders.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a work order' })
  @Roles(...READERS)
  @ApiOkResponse({ type: WorkOrderDto, description: 'With cost totals; ETag holds the version' })
  @ApiProblemResponses(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WorkOrderDto> {
    const workOrder = await this.workOrders.get(principal, id);
    setEtag(response, workOrder.version);
    return workOrder;
  }

  @Patch(':id')
  @Roles(...EDITORS)
  @ApiOperation({
    summary: 'Change a work order',
    description:
      'Technicians change description, failureCodes and downtime only: a new value for any other field answers 403 naming them in `fields` ' +
      '(nothing is applied); a field sent with its current value is ignored.',
  })
  @ApiOkResponse({ type: WorkOrderDto })
  @ApiProblemResponses(404, 409, 412, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWorkOrderDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WorkOrderDto> {
    const workOrder = await this.updateWorkOrder.execute(principal, id, body, ifMatch);
    setEtag(response, workOrder.version);
    return workOrder;
  }

  @Get(':id/history')
  @ApiOperation({ summary: "List a work order's history" })
  @Roles(...READERS)
  @ApiOkResponse({ type: HistoryPageDto, description: 'Creation, changes, assignments and every transition, oldest first; `limit` ≤ 200' })
  @ApiProblemResponses(400, 404)
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CursorPageQuery,
  ): Promise<HistoryPageDto> {
    return mapPage(await this.workOrders.history(principal, id, query), historyDto);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "List a work order's comments" })
  @Roles(...READERS)
  @ApiOkResponse({ type: CommentPageDto, description: 'Oldest first; `limit` ≤ 200' })
  @ApiProblemResponses(400, 404)
  async comments(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CursorPageQuery,
  ): Promise<CommentPageDto> {
    return mapPage(await this.workOrders.comments(principal, id, query), commentDto);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a work order' })
  @HttpCode(201)
  @Roles(...EDITORS)
  @ApiCreatedResponse({ type: CommentDto })
  @ApiProblemResponses(404, 409)
  async addComment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateCommentDto,
  ): Promise<CommentDto> {
    return commentDto(await this.addCommentToWorkOrder.execute(principal, id, body.body));
  }
}
