import { Module } from '@nestjs/common';
import { AssetFactsHandler } from './asset-facts.handler';
import { PmOccurrenceFactsHandler } from './pm-occurrence-facts.handler';
import { WorkOrderFactsHandler } from './work-order-facts.handler';

/** The event handlers that keep the fact tables. */
@Module({ controllers: [WorkOrderFactsHandler, AssetFactsHandler, PmOccurrenceFactsHandler] })
export class ProjectionsModule {}
