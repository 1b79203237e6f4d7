export { LocationsModule } from './locations.module';
export { LocationsService } from './locations.service';
export { LocationRepository } from './location.repository';
export { Location } from './location.entity';
export { LocationPageDto, type LocationDto } from './locations.dto';
