export { PmPlansModule } from './pm-plans.module';
export { READERS, PLANNERS } from './pm-plans.controller';
export { PmPlan } from './pm-plan.entity';
export { PmPlanRepository, type ScheduledPlan } from './pm-plan.repository';
export { requirePlan } from './use-cases/require-plan';
