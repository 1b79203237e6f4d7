export { TransitionsModule } from './transitions.module';
export * from './work-order-state-machine';
