export { TransitionsModule } from './transitions.module';
export { TransitionWorkOrder } from './use-cases/transition-work-order';
