export { CustomFieldsModule } from './custom-fields.module';
export { CustomFieldDefinition } from './custom-field-definition.entity';
