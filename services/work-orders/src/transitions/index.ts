export { TransitionsModule } from './transitions.module';
