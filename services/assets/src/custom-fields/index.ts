export { CustomFieldsModule } from './custom-fields.module';
export { CustomFieldsService, type RemovedValuesListener } from './custom-fields.service';
export { CustomFieldDefinition } from './custom-field-definition.entity';
