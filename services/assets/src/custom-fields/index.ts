export { CustomFieldsModule } from './custom-fields.module';
export { CustomFieldsService } from './custom-fields.service';
export { CustomFieldDefinition, type CustomFieldEntity } from './custom-field-definition.entity';
export type { CustomFieldValues } from '@mate/service-kit';
