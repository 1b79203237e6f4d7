import { Global, Module } from '@nestjs/common';
import { AssetDirectoryRepository } from '../asset-directory/asset-directory.repository';
import { ChecklistRepository } from '../work-orders/checklist.repository';
import { CUSTOM_FIELD_VALUE_OWNERS } from '../custom-fields/custom-field-value-owners';
import { LabourAndCostsRepository } from '../work-orders/labour-and-costs.repository';
import { RemoveRequestCustomFieldValues } from '../requests/remove-request-custom-field-values';
import { WorkRequestRepository } from '../requests/work-request.repository';
import { RemoveWorkOrderCustomFieldValues } from '../work-orders/use-cases/remove-custom-field-values';
import { WorkOrderAccess } from '../work-orders/work-order-access';
import { WorkOrderChanges } from '../work-orders/work-order.changes';
import { WorkOrderRepository } from '../work-orders/work-order.repository';

/**
 * Every aggregate's repository, the work order's change recorder and its loader, and the owners of
 * custom field values (what deleting a definition does to work orders and requests). Global: every
 * feature reads and changes work orders inside its own transaction, and a feature module importing
 * another only for its repository would tie the features into cycles.
 */
const VALUE_OWNERS = [RemoveWorkOrderCustomFieldValues, RemoveRequestCustomFieldValues];
const PROVIDERS = [
  ...VALUE_OWNERS,
  { provide: CUSTOM_FIELD_VALUE_OWNERS, useFactory: (...owners: unknown[]) => owners, inject: VALUE_OWNERS },
  WorkOrderRepository,
  WorkOrderChanges,
  WorkOrderAccess,
  ChecklistRepository,
  LabourAndCostsRepository,
  WorkRequestRepository,
  AssetDirectoryRepository,
];

@Global()
@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class PersistenceModule {}
