export { UnifiedSettingsModule } from './unified-settings.module';
