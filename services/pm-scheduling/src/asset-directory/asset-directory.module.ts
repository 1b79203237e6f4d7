import { Module } from '@nestjs/common';
import { PmPlansModule } from '../pm-plans';
import { AssetEventsHandler } from './asset-events.handler';

@Module({ imports: [PmPlansModule], controllers: [AssetEventsHandler] })
export class AssetDirectoryModule {}
