export { PmWorkModule } from './pm-work.module';
export { PmOccurrenceHandler, PM_ACTOR } from './pm-occurrence.handler';
export { PM_OCCURRENCE_EVENTS } from './pm-occurrence.subscription';
