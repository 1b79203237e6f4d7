import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, type Principal } from '@mate/service-kit';
import type { Response } from 'express';
import { setEtag } from '../common/etag';
import type { Page } from '../common/pagination';
import { PageQueryDto } from '../common/pagination';
import { REGISTER_EDITORS } from '../common/roles.constant';
import {
  CreateLocationDto,
  ListLocationsQueryDto,
  LocationDto,
  LocationListDto,
  LocationPageDto,
  MoveLocationDto,
  UpdateLocationDto,
} from './locations.dto';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('locations')
export class LocationsController {
  constructor(@Inject(LocationsService) private readonly locations: LocationsService) {}

  @Get()
  @ApiOkResponse({ type: LocationPageDto, description: 'Cursor-paginated; filters combine with AND' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListLocationsQueryDto): Promise<Page<LocationDto>> {
    return this.locations.list(principal, query);
  }

  @Post()
  @Roles(...REGISTER_EDITORS)
  @ApiCreatedResponse({ type: LocationDto })
  @ApiProblemResponses(404)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateLocationDto, @Res({ passthrough: true }) response: Response): Promise<LocationDto> {
    const dto = await this.locations.create(principal, body);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id')
  @ApiOkResponse({ type: LocationDto, description: 'With an ETag for If-Match' })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<LocationDto> {
    const dto = await this.locations.get(principal, id);
    setEtag(response, dto.version);
    return dto;
  }

  @Get(':id/ancestors')
  @ApiOkResponse({ type: LocationListDto, description: 'The breadcrumb: ancestors, root first' })
  @ApiProblemResponses(404)
  async ancestors(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<LocationListDto> {
    return { items: await this.locations.ancestors(principal, id) };
  }

  @Get(':id/children')
  @ApiOkResponse({ type: LocationPageDto, description: 'Direct children, cursor-paginated' })
  @ApiProblemResponses(404)
  async children(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<Page<LocationDto>> {
    await this.locations.get(principal, id);
    return this.locations.list(principal, { ...page, parentId: id });
  }

  @Get(':id/subtree')
  @ApiOkResponse({ type: LocationPageDto, description: 'The location and every descendant in tree (path) order, cursor-paginated' })
  @ApiProblemResponses(404)
  subtree(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() page: PageQueryDto): Promise<Page<LocationDto>> {
    return this.locations.list(principal, { ...page, subtreeOf: id });
  }

  @Patch(':id')
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: LocationDto })
  @ApiProblemResponses(404, 409, 412)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateLocationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LocationDto> {
    const dto = await this.locations.update(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Post(':id/move')
  @HttpCode(200)
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: LocationDto, description: 'Moves the location with its whole subtree' })
  @ApiProblemResponses(404, 412, 422)
  async move(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MoveLocationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LocationDto> {
    const dto = await this.locations.move(principal, id, body, ifMatch);
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...REGISTER_EDITORS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    return this.locations.remove(principal, id, ifMatch);
  }
}
