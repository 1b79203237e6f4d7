import { Module } from '@nestjs/common';
import { CsvImporter } from './csv-import';
import { ExportStreamer } from './export-stream';

/** The CSV import and the streamed CSV/JSON export shared by the register resources. */
@Module({
  providers: [CsvImporter, ExportStreamer],
  exports: [CsvImporter, ExportStreamer],
})
export class ImportExportModule {}
