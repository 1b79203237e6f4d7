export { KnownAssetLocation, KnownLocation } from './known-location.entity';
export { LocationEventsHandler } from './location-events.handler';
export { LocationTreeRepository } from './location-tree.repository';
export { LocationsModule } from './locations.module';
