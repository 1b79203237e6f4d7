import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, CursorPageQuery, Roles, type Page, type Principal } from '@mate/service-kit';
import type { ComplianceReport } from '../compliance';
import type { PmOccurrence } from '../occurrences';
import { READERS } from '../pm-plans';
import { ComplianceQueryDto, ForecastQueryDto, PeriodQueryDto } from './dtos/planning.dtos';
import { ForecastPmWork, type PmForecast } from './use-cases/forecast-pm-work';
import { ListPlanOccurrences } from './use-cases/list-plan-occurrences';
import { PmComplianceReport } from './use-cases/pm-compliance-report';

/** Forecast, compliance and occurrence history: read-only views for planners and technicians. */
@ApiTags('pm-plans')
@Controller('pm-plans')
export class PlanningController {
  constructor(
    @Inject(ForecastPmWork) private readonly forecasts: ForecastPmWork,
    @Inject(PmComplianceReport) private readonly compliance: PmComplianceReport,
    @Inject(ListPlanOccurrences) private readonly occurrences: ListPlanOccurrences,
  ) {}

  @Get('forecast')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Future occurrences in [from, to) and the estimated workload per week, team and assignee',
    description: 'Meter-interval occurrences are estimates from the recent usage rate (estimate.ratePerDay); threshold triggers are not forecast.',
  })
  @ApiOkResponse({ description: '{ from, to, occurrences, workload, truncated }' })
  @ApiProblemResponses(400)
  forecast(@CurrentPrincipal() principal: Principal, @Query() query: ForecastQueryDto): Promise<PmForecast> {
    return this.forecasts.execute(principal, query);
  }

  @Get('compliance')
  @Roles(...READERS)
  @ApiOperation({ summary: 'SMRP PM compliance of the tenant or a location subtree over [from, to), with the counts and the late and missed occurrences' })
  @ApiOkResponse({ description: 'The compliance figure with its formula, counts, and the late and missed occurrences' })
  @ApiProblemResponses(400)
  tenantCompliance(@CurrentPrincipal() principal: Principal, @Query() query: ComplianceQueryDto): Promise<ComplianceReport> {
    return this.compliance.forTenant(principal, query);
  }

  @Get(':id/compliance')
  @Roles(...READERS)
  @ApiOperation({ summary: 'SMRP PM compliance of one plan over [from, to)' })
  @ApiOkResponse({ description: 'The compliance figure with its formula, counts, and the late and missed occurrences' })
  @ApiProblemResponses(400, 404)
  planCompliance(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: PeriodQueryDto): Promise<ComplianceReport> {
    return this.compliance.forPlan(principal, id, query);
  }

  @Get(':id/occurrences')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The occurrences of a plan, newest first, with their work orders and outcome (keyset pages)' })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  @ApiProblemResponses(404)
  list(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: CursorPageQuery): Promise<Page<PmOccurrence>> {
    return this.occurrences.execute(principal, id, query);
  }
}
