import { Module } from '@nestjs/common';
import { LocationEventsHandler } from './location-events.handler';
import { LocationTreeRepository } from './location-tree.repository';

/** The location tree learnt from the assets events, and the walk routing asks it for. */
@Module({
  controllers: [LocationEventsHandler],
  providers: [LocationTreeRepository],
  exports: [LocationTreeRepository],
})
export class LocationsModule {}
