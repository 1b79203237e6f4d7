export { CustomFieldsModule } from './custom-fields.module';
export { CustomFieldsService, applyCustomFieldFilters } from './custom-fields.service';
export { CustomFieldDefinition, CUSTOM_FIELD_ENTITIES, type CustomFieldEntity } from './custom-field-definition.entity';
export { CustomFieldException, CustomFieldExceptionCode } from './custom-field.exception';
