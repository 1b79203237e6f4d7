export { LocationsModule } from './locations.module';
export { LocationsService, toLocationDto } from './locations.service';
export { Location, ancestorIdsOf, pathIdsOf } from './location.entity';
