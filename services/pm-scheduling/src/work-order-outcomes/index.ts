export { WorkOrderOutcomesModule } from './work-order-outcomes.module';
