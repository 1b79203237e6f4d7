import { Module } from '@nestjs/common';
import { TransitionsController } from './transitions.controller';
import { TransitionWorkOrder } from './use-cases/transition-work-order';

@Module({
  controllers: [TransitionsController],
  providers: [TransitionWorkOrder],
  exports: [TransitionWorkOrder],
})
export class TransitionsModule {}
