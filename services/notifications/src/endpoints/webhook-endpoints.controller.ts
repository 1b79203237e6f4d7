import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, IfMatch, mapPage, Roles, setEtag, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { Response } from 'express';
import {
  CreatedWebhookEndpointDto,
  CreateWebhookEndpointDto,
  ListWebhookEndpointsQueryDto,
  RotatedWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
} from './dtos/webhook-endpoint.dtos';
import { ChangeWebhookEndpoint } from './use-cases/change-webhook-endpoint';
import { CreateWebhookEndpoint } from './use-cases/create-webhook-endpoint';
import { ReadWebhookEndpoints } from './use-cases/read-webhook-endpoints';
import { toCreatedWebhookEndpointDto, toWebhookEndpointDto } from './use-cases/webhook-endpoint-view';

/** HTTP only: where webhook and chat deliveries go. Administrators manage them. */
@ApiTags('webhook-endpoints')
@Controller('webhook-endpoints')
@Roles('admin')
export class WebhookEndpointsController {
  constructor(
    @Inject(CreateWebhookEndpoint) private readonly creating: CreateWebhookEndpoint,
    @Inject(ChangeWebhookEndpoint) private readonly changing: ChangeWebhookEndpoint,
    @Inject(ReadWebhookEndpoints) private readonly reading: ReadWebhookEndpoints,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Add a webhook or chat endpoint (a webhook’s signing secret is shown this once)' })
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(400)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookEndpointDto, @Res({ passthrough: true }) response: Response): Promise<CreatedWebhookEndpointDto> {
    const { endpoint, secret } = await this.creating.execute(principal, { kind: body.kind ?? 'webhook', url: body.url, description: body.description ?? '' });
    setEtag(response, endpoint.version);
    return toCreatedWebhookEndpointDto(endpoint, secret);
  }

  @Get()
  @ApiOperation({ summary: 'List webhook and chat endpoints, oldest first' })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListWebhookEndpointsQueryDto): Promise<WebhookEndpointPageDto> {
    return mapPage(await this.reading.list(principal, query), toWebhookEndpointDto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an endpoint (never its secret)' })
  @ApiOkResponse({ type: WebhookEndpointDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<WebhookEndpointDto> {
    const endpoint = await this.reading.get(principal, id);
    setEtag(response, endpoint.version);
    return toWebhookEndpointDto(endpoint);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an endpoint; `enabled: true` re-enables one disabled after failing' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblemResponses(400, 404, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWebhookEndpointDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WebhookEndpointDto> {
    const endpoint = await this.changing.update(principal, id, body, ifMatch);
    setEtag(response, endpoint.version);
    return toWebhookEndpointDto(endpoint);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint no alert rule sends to' })
  @ApiNoContentResponse({ description: 'Deleted; 409 TARGET_IN_USE while a rule names it' })
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.changing.remove(principal, id, ifMatch);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a webhook’s signing secret: the new one is shown this once; both sign until the previous expires' })
  @ApiOkResponse({ type: RotatedWebhookSecretDto })
  @ApiProblemResponses(404, 409, 412)
  async rotateSecret(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RotatedWebhookSecretDto> {
    const { endpoint, secret } = await this.changing.rotateSecret(principal, id, ifMatch);
    setEtag(response, endpoint.version);
    return { secret, previousSecretExpiresAt: (endpoint.previousSecretExpiresAt ?? new Date()).toISOString(), version: endpoint.version };
  }
}
