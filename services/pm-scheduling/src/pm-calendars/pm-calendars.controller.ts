import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, CursorPageQuery, IfMatch, mapPage, Roles, setEtag, VersionPrecondition, type Page, type Principal } from '@mate/service-kit';
import type { Response } from 'express';
import { PLANNERS, READERS } from '../pm-plans';
import { PmCalendarBodyDto, PmCalendarDto } from './dtos/pm-calendar.dtos';
import type { PmCalendar } from './pm-calendar.entity';
import { PmCalendarsService } from './pm-calendars.service';

function toDto(calendar: PmCalendar): PmCalendarDto {
  return {
    id: calendar.id,
    name: calendar.name,
    workingDays: calendar.workingDays.map(Number),
    holidays: calendar.holidays,
    nonWorkingDayRule: calendar.nonWorkingDayRule,
    version: calendar.version,
    createdAt: calendar.createdAt.toISOString(),
    updatedAt: calendar.updatedAt.toISOString(),
  };
}

@ApiTags('pm-calendars')
@Controller('pm-calendars')
export class PmCalendarsController {
  constructor(@Inject(PmCalendarsService) private readonly calendars: PmCalendarsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant calendar (working days, holidays, seasons)' })
  @Roles(...PLANNERS)
  @ApiCreatedResponse({ type: PmCalendarDto })
  @ApiProblemResponses(400)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: PmCalendarBodyDto, @Res({ passthrough: true }) response: Response): Promise<PmCalendarDto> {
    const dto = toDto(await this.calendars.create(principal, body));
    setEtag(response, dto.version);
    return dto;
  }

  @Get()
  @ApiOperation({ summary: 'List tenant calendars (keyset pages)' })
  @Roles(...READERS)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CursorPageQuery): Promise<Page<PmCalendarDto>> {
    return mapPage(await this.calendars.list(principal, query), toDto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a tenant calendar (with its ETag)' })
  @Roles(...READERS)
  @ApiOkResponse({ type: PmCalendarDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) response: Response): Promise<PmCalendarDto> {
    const dto = toDto(await this.calendars.get(principal, id));
    setEtag(response, dto.version);
    return dto;
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a tenant calendar (If-Match)' })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: PmCalendarDto })
  @ApiProblemResponses(400, 404, 412)
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PmCalendarBodyDto,
    @IfMatch() ifMatch: VersionPrecondition,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PmCalendarDto> {
    const dto = toDto(await this.calendars.replace(principal, id, body, ifMatch));
    setEtag(response, dto.version);
    return dto;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a tenant calendar no plan uses (If-Match)' })
  @HttpCode(204)
  @Roles(...PLANNERS)
  @ApiNoContentResponse()
  @ApiProblemResponses(404, 409, 412)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @IfMatch() ifMatch: VersionPrecondition): Promise<void> {
    return this.calendars.remove(principal, id, ifMatch);
  }
}
