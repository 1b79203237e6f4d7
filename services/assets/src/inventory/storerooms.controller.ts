import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponses,
  CurrentPrincipal,
  Roles,
  SortedPageQuery,
  type Page,
  type Principal,
} from '@mate/service-kit';
import { REGISTER_EDITORS } from '../common/roles.constant';
import { LocationPageDto, LocationsService, type LocationDto } from '../locations';
import { SetStockLevelsDto, StockLevelDto, StockLevelListDto } from './parts.dto';
import { PartsService } from './parts.service';

/** Storerooms are locations flagged `isStoreroom` (create them through /locations). */
@ApiTags('storerooms')
@Controller('storerooms')
export class StoreroomsController {
  constructor(
    @Inject(PartsService) private readonly parts: PartsService,
    @Inject(LocationsService) private readonly locations: LocationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List storerooms' })
  @ApiOkResponse({ type: LocationPageDto, description: 'Locations flagged as storerooms' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: SortedPageQuery): Promise<Page<LocationDto>> {
    return this.locations.list(principal, { ...query, isStoreroom: true });
  }

  @Get(':id/stock')
  @ApiOperation({ summary: 'Stock of a storeroom' })
  @ApiOkResponse({ type: StockLevelListDto, description: 'Stock of every part in the storeroom' })
  @ApiProblemResponses(404)
  async stock(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StockLevelListDto> {
    return { items: await this.parts.storeroomStock(principal, id) };
  }

  @Put(':id/parts/:partId/levels')
  @ApiOperation({ summary: 'Set the minimum and reorder point of a part in a storeroom' })
  @Roles(...REGISTER_EDITORS)
  @ApiOkResponse({ type: StockLevelDto, description: 'Minimum and reorder point of a part in the storeroom' })
  @ApiProblemResponses(404)
  setLevels(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('partId', ParseUUIDPipe) partId: string,
    @Body() body: SetStockLevelsDto,
  ): Promise<StockLevelDto> {
    return this.parts.setLevels(principal, id, partId, body);
  }
}
