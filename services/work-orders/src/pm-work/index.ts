export { PmWorkModule } from './pm-work.module';
export { PmOccurrenceHandler, PM_ACTOR } from './pm-occurrence.handler';
