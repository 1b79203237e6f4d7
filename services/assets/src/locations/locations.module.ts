import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { csvBodyParser } from '@mate/service-kit';
import { ImportExportModule } from '../common/import-export.module';
import { CSV_IMPORT_LIMIT } from '../config/assets.config';
import { CustomFieldsModule } from '../custom-fields';
import { LocationImportExportService } from './location-import-export.service';
import { LocationsController } from './locations.controller';
import { LocationRepository } from './location.repository';
import { LocationsService } from './locations.service';

@Module({
  imports: [CustomFieldsModule, ImportExportModule],
  controllers: [LocationsController],
  providers: [LocationsService, LocationImportExportService, LocationRepository],
  exports: [LocationsService, LocationRepository],
})
export class LocationsModule implements NestModule {
  /** CSV imports arrive as text/csv, which the chassis' JSON parser leaves alone. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(csvBodyParser(CSV_IMPORT_LIMIT)).forRoutes({ path: 'locations/import', method: RequestMethod.POST });
  }
}
