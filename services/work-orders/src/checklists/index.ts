export { ChecklistsModule } from './checklists.module';
export { ChecklistItem, CHECKLIST_ITEM_KINDS, INSPECTION_RESULTS, type ChecklistItemKind, type InspectionResult } from './checklist-item.entity';
export * from './checklist-rules';
