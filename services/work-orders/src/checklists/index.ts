export { ChecklistsModule } from './checklists.module';
export { ChecklistItem } from './checklist-item.entity';
