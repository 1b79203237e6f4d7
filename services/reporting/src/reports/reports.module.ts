import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { KpiReports } from './use-cases/kpi-reports';

@Module({ controllers: [ReportsController], providers: [KpiReports] })
export class ReportsModule {}
