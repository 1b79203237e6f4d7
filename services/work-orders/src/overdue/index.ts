export { OverdueModule } from './overdue.module';
export { OverdueScanner } from './overdue-scanner';
