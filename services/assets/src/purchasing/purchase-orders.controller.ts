import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  CurrentPrincipal,
  IfMatch,
  Roles,
  setEtag,
  type Page,
  type Principal,
  type VersionPrecondition,
} from '@mate/service-kit';
import type { Response } from 'express';
import { REGISTER_EDITORS } from '../common/roles.constant';
import {
  CreatePurchaseOrderDto,
  ListPurchaseOrdersQueryDto,
  PurchaseOrderDto,
  PurchaseOrderPageDto,
  ReceivePurchaseOrderDto,
  TransitionDto,
  UpdatePurchaseOrderDto,
} from './purchasing.dto';
import { PurchaseOrdersService, type PurchaseOrderAction } from './purchase-orders.service';

@ApiTags('purchase-orders')
@Controller('purchase-orders')
export class PurchaseOrdersController {
  constructor(@Inject(PurchaseOrdersService) private readonly orders: PurchaseOrdersService) {}

  @Get()
  @ApiOperation({ summary: 'List purchase orders' })
  @ApiOkResponse({ type: PurchaseOrderPageDto, description: 'Newest first by default' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPurchaseOrdersQueryDto): Promise<Page<PurchaseOrderDto>> {
    return this.orders.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a purchase order with its lines' })
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: PurchaseOrderDto, description: 'Draft with its lines, created together (a bad line rejects the whole order, 422)' })
  @ApiProblemResponses(404, 422)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreatePurchaseOrderDto, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    const dto = await this.orders.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a purchase order' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    const dto = await this.orders.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft or submitted purchase order' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: PurchaseOrderDto, description: 'Draft and submitted orders only; approved ones are locked (422 PURCHASE_ORDER_LOCKED)' })
  @ApiProblemResponses(404, 412, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePurchaseOrderDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PurchaseOrderDto> {
    const dto = await this.orders.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({ summary: 'draft → submitted' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404, 409, 412)
  submit(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    return this.act(principal, id, 'submit', body, ifMatch, response);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'submitted → approved (admins); the order is then locked except for receiving' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404, 409, 412)
  approve(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    return this.act(principal, id, 'approve', body, ifMatch, response);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'submitted → rejected (admins, with a reason)' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404, 409, 412)
  reject(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    return this.act(principal, id, 'reject', body, ifMatch, response);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({ summary: 'draft | submitted | approved → cancelled, before any receipt (with a reason)' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404, 409, 412)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    return this.act(principal, id, 'cancel', body, ifMatch, response);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({ summary: 'received → closed' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404, 409, 412)
  close(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionDto, @IfMatch() ifMatch: VersionPrecondition, @Res({ passthrough: true }) response: Response): Promise<PurchaseOrderDto> {
    return this.act(principal, id, 'close', body, ifMatch, response);
  }

  @Post(':id/receipts')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOperation({ summary: 'Receive goods (partial or full): stock added through the ledger' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponses(404, 412, 422)
  async receive(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReceivePurchaseOrderDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PurchaseOrderDto> {
    const dto = await this.orders.receive(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  private async act(principal: Principal, id: string, action: PurchaseOrderAction, body: TransitionDto, ifMatch: VersionPrecondition, response: Response): Promise<PurchaseOrderDto> {
    const dto = await this.orders.transition(principal, id, action, body.reason, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }
}
