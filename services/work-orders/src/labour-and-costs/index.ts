export { LabourAndCostsModule } from './labour-and-costs.module';
export { LabourEntry, PartLine, OtherCostEntry } from './labour-and-costs.entities';
export { costTotals, type CostTotals } from './cost-totals';
export { completionDetails, stopRunningTimers } from './completion-details';
