export { PmCalendarsModule } from './pm-calendars.module';
export { PmCalendar, workCalendarOf } from './pm-calendar.entity';
