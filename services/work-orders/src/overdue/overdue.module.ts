import { Module, type DynamicModule } from '@nestjs/common';
import { OverdueScanJob } from './overdue-scan.job';
import { OverdueScanner } from './overdue-scanner';

export interface OverdueScanOptions {
  /** Run the scan periodically on the job queue (tests call OverdueScanner.scan() themselves). */
  enabled: boolean;
}

@Module({})
export class OverdueModule {
  static register(options: OverdueScanOptions): DynamicModule {
    return {
      module: OverdueModule,
      providers: options.enabled ? [OverdueScanner, OverdueScanJob] : [OverdueScanner],
      exports: [OverdueScanner],
    };
  }
}
