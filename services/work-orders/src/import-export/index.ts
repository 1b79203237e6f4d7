export { ImportExportModule, IMPORT_PATH } from './import-export.module';
