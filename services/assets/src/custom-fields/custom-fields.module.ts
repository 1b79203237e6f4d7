import { Module } from '@nestjs/common';
import { CustomFieldsController } from './custom-fields.controller';
import { CustomFieldValueRepository } from './custom-field-value.repository';
import { CustomFieldsService } from './custom-fields.service';

@Module({
  controllers: [CustomFieldsController],
  providers: [CustomFieldsService, CustomFieldValueRepository],
  exports: [CustomFieldsService],
})
export class CustomFieldsModule {}
