import { Module } from '@nestjs/common';
import { CSV_IMPORT_MAX_ROWS, CsvImporter, ExportStreamer, SERVICE_CONFIG } from '@mate/service-kit';
import type { AssetsConfig } from '../config/assets.config';

/** The CSV import and the streamed CSV/JSON export (@mate/service-kit) shared by the register resources. */
@Module({
  providers: [
    CsvImporter,
    ExportStreamer,
    { provide: CSV_IMPORT_MAX_ROWS, useFactory: (config: AssetsConfig) => config.extra.IMPORT_MAX_ROWS, inject: [SERVICE_CONFIG] },
  ],
  exports: [CsvImporter, ExportStreamer],
})
export class ImportExportModule {}
