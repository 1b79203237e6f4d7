import { Module, type DynamicModule } from '@nestjs/common';
import { PROJECTION_TARGET, type ProjectionTarget } from '../generations';
import { AlertFactsHandler } from './alert-facts.handler';
import { AssetFactsHandler } from './asset-facts.handler';
import { ConnectionFactsHandler } from './connection-facts.handler';
import { PmOccurrenceFactsHandler } from './pm-occurrence-facts.handler';
import { Projection } from './projection';
import { WorkOrderFactsHandler } from './work-order-facts.handler';

/** The event handlers that keep the fact tables, of the active generation or of one being rebuilt. */
@Module({})
export class ProjectionsModule {
  static register(target: ProjectionTarget = {}): DynamicModule {
    return {
      module: ProjectionsModule,
      controllers: [WorkOrderFactsHandler, AssetFactsHandler, PmOccurrenceFactsHandler, ConnectionFactsHandler, AlertFactsHandler],
      providers: [{ provide: PROJECTION_TARGET, useValue: target }, Projection],
    };
  }
}
