export { LabourAndCostsModule } from './labour-and-costs.module';
