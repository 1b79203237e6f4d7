export { OverdueModule } from './overdue.module';
export { OverdueScanner } from './overdue-scanner';
export { OVERDUE_SCAN_JOB } from './overdue-scan.job';
