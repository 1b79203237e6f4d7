export { ChecklistsModule } from './checklists.module';
