export { CustomFieldsModule } from './custom-fields.module';
export { CustomFieldsService } from './custom-fields.service';
export { CustomFieldDefinition, CUSTOM_FIELD_ENTITIES, type CustomFieldEntity } from './custom-field-definition.entity';
export { applyCustomFieldFilters, CustomFieldException, CustomFieldExceptionCode } from '@mate/service-kit';
