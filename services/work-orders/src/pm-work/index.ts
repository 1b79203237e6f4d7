export { PmWorkModule } from './pm-work.module';
export { PM_OCCURRENCE_EVENTS } from './pm-occurrence.subscription';
