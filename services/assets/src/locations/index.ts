export { LocationsModule } from './locations.module';
export { LocationsService } from './locations.service';
export { LocationRepository } from './location.repository';
export { Location, ancestorIdsOf, pathIdsOf } from './location.entity';
export { LocationPageDto, type LocationDto } from './locations.dto';
export { LOCATION_PATH_SEPARATOR, locationByReference, rowProblem, type LocationRef, type LocationReferenceColumns } from './location-reference';
