import { Module, type DynamicModule } from '@nestjs/common';
import type { KpiSettings } from '../kpis';
import { ReportsController } from './reports.controller';
import { KPI_SETTINGS, KpiReports } from './use-cases/kpi-reports';

@Module({})
export class ReportsModule {
  static register(settings: KpiSettings): DynamicModule {
    return { module: ReportsModule, controllers: [ReportsController], providers: [{ provide: KPI_SETTINGS, useValue: settings }, KpiReports] };
  }
}
