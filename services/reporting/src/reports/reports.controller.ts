import { ApiProblemResponses, CurrentPrincipal, CursorPageQuery, Roles, type Principal, type Role } from '@mate/service-kit';
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags, IntersectionType } from '@nestjs/swagger';
import type { Response } from 'express';
import { KPI_NAMES } from '../kpis';
import { KpiQueryDto, KpiTrendQueryDto, type ReportFormat } from './dtos/kpi-query.dto';
import { ALERT_COLUMNS, CONNECTION_STATE_COLUMNS, DOWNTIME_COLUMNS, WORK_ORDER_COLUMNS } from './drill-down.repository';
import { figureCsv, tableCsv } from './report-csv';
import { kpiNamed } from './report-query';
import { KpiReports } from './use-cases/kpi-reports';

class KpiDrillDownQueryDto extends IntersectionType(KpiQueryDto, CursorPageQuery) {}

/** Everyone who may see the maintenance figures of their tenant (requesters do not). */
const REPORT_READERS: Role[] = ['admin', 'planner', 'technician', 'viewer', 'integration'];

const KPI_PARAM = { name: 'kpi', enum: KPI_NAMES, description: 'The KPI' };

/** Sends JSON, or the CSV made from it when `format=csv`. */
function answer(response: Response, format: ReportFormat | undefined, body: unknown, csv: () => string): unknown {
  if (format !== 'csv') return body;
  response.type('text/csv; charset=utf-8');
  return csv();
}

@ApiTags('reports')
@Controller('reports/kpis')
@Roles(...REPORT_READERS)
export class ReportsController {
  constructor(@Inject(KpiReports) private readonly reports: KpiReports) {}

  @Get()
  @ApiOperation({ summary: 'The KPIs this service computes' })
  list(): { items: string[] } {
    return { items: [...KPI_NAMES] };
  }

  @Get(':kpi')
  @ApiOperation({ summary: 'A KPI over a period: value, formula, filters, the counts behind it and what to drill down to; the projection’s freshness' })
  @ApiParam(KPI_PARAM)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{ figure, freshness }`, or CSV: one line per number' })
  @ApiProblemResponses(400)
  async figure(
    @CurrentPrincipal() principal: Principal,
    @Param('kpi') kpi: string,
    @Query() query: KpiQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const result = await this.reports.figure(principal, kpiNamed(kpi), query);
    return answer(response, query.format, result, () => figureCsv([result.figure]));
  }

  @Get(':kpi/trend')
  @ApiOperation({ summary: 'A KPI as a series by UTC day, ISO week or month over a period' })
  @ApiParam(KPI_PARAM)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{ kpi, granularity, points, freshness }` (each point a figure), or CSV: one line per number and point' })
  @ApiProblemResponses(400)
  async trend(
    @CurrentPrincipal() principal: Principal,
    @Param('kpi') kpi: string,
    @Query() query: KpiTrendQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const result = await this.reports.trend(principal, kpiNamed(kpi), query, query.granularity);
    return answer(response, query.format, result, () => figureCsv(result.points));
  }

  @Get(':kpi/work-orders')
  @ApiOperation({ summary: 'The work orders a figure was computed from (keyset pages by id)' })
  @ApiParam(KPI_PARAM)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{ items, nextCursor, freshness }`, or CSV: one line per work order' })
  @ApiProblemResponses(400)
  async workOrders(@CurrentPrincipal() principal: Principal, @Param('kpi') kpi: string, @Query() query: KpiDrillDownQueryDto, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const page = await this.reports.drillDown(principal, kpiNamed(kpi), 'workOrders', query);
    return answer(response, query.format, page, () => tableCsv(WORK_ORDER_COLUMNS, page.items));
  }

  @Get(':kpi/downtime')
  @ApiOperation({ summary: 'The downtime intervals a figure was computed from (keyset pages by id)' })
  @ApiParam(KPI_PARAM)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{ items, nextCursor, freshness }`, or CSV: one line per interval' })
  @ApiProblemResponses(400)
  async downtime(@CurrentPrincipal() principal: Principal, @Param('kpi') kpi: string, @Query() query: KpiDrillDownQueryDto, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const page = await this.reports.drillDown(principal, kpiNamed(kpi), 'downtime', query);
    return answer(response, query.format, page, () => tableCsv(DOWNTIME_COLUMNS, page.items));
  }

  @Get(':kpi/connection-states')
  @ApiOperation({ summary: 'The connection state intervals a figure was computed from (keyset pages by id)' })
  @ApiParam(KPI_PARAM)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{ items, nextCursor, freshness }`, or CSV: one line per interval' })
  @ApiProblemResponses(400)
  async connectionStates(@CurrentPrincipal() principal: Principal, @Param('kpi') kpi: string, @Query() query: KpiDrillDownQueryDto, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const page = await this.reports.drillDown(principal, kpiNamed(kpi), 'connectionStates', query);
    return answer(response, query.format, page, () => tableCsv(CONNECTION_STATE_COLUMNS, page.items));
  }

  @Get(':kpi/alerts')
  @ApiOperation({ summary: 'The alerts a figure was computed from (keyset pages by id)' })
  @ApiParam(KPI_PARAM)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{ items, nextCursor, freshness }`, or CSV: one line per alert' })
  @ApiProblemResponses(400)
  async alerts(@CurrentPrincipal() principal: Principal, @Param('kpi') kpi: string, @Query() query: KpiDrillDownQueryDto, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const page = await this.reports.drillDown(principal, kpiNamed(kpi), 'alerts', query);
    return answer(response, query.format, page, () => tableCsv(ALERT_COLUMNS, page.items));
  }
}
