export { PmPlansModule } from './pm-plans.module';
export { PmPlan } from './pm-plan.entity';
export { PmPlanRepository, type ScheduledPlan } from './pm-plan.repository';
