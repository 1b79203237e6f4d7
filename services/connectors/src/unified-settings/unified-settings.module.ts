import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections';
import { UnifiedSettingsController } from './unified-settings.controller';
import { ManageUnifiedSettings } from './use-cases/manage-unified-settings';
import { SampleRecords } from './use-cases/sample-records';

/** The unified settings endpoints; the model and mapping themselves are plain functions (index.ts). */
@Module({
  imports: [ConnectionsModule],
  controllers: [UnifiedSettingsController],
  providers: [SampleRecords, ManageUnifiedSettings],
})
export class UnifiedSettingsModule {}
