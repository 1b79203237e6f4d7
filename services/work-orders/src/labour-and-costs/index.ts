export { LabourAndCostsModule } from './labour-and-costs.module';
export { LabourEntry, PartLine, OtherCostEntry } from './labour-and-costs.entities';
