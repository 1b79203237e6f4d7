import { Module, type DynamicModule } from '@nestjs/common';
import { OVERDUE_SCAN_OPTIONS, OverdueScanner, type OverdueScanOptions } from './overdue-scanner';

@Module({})
export class OverdueModule {
  static register(options: OverdueScanOptions): DynamicModule {
    return {
      module: OverdueModule,
      providers: [{ provide: OVERDUE_SCAN_OPTIONS, useValue: options }, OverdueScanner],
      exports: [OverdueScanner],
    };
  }
}
