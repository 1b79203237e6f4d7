import { Module } from '@nestjs/common';
import { PmCalendarRepository } from './pm-calendar.repository';
import { PmCalendarsController } from './pm-calendars.controller';
import { PmCalendarsService } from './pm-calendars.service';

@Module({ controllers: [PmCalendarsController], providers: [PmCalendarRepository, PmCalendarsService] })
export class PmCalendarsModule {}
