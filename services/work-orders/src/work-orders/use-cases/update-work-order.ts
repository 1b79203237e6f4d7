import { Inject, Injectable } from '@nestjs/common';
import { TenantTransactions, type Principal, type VersionPrecondition } from '@mate/service-kit';
import type { EntityManager } from 'typeorm';
import { AssetDirectory } from '../../asset-directory';
import { CustomFieldsService } from '../../custom-fields/custom-fields.service';
import { PartsReservation } from '../parts-reservation';
import type { UpdateWorkOrderDto, WorkOrderDto } from '../dtos/work-order.dtos';
import { assertActive, WorkOrderAccess } from '../work-order-access';
import { applyPatch, fieldsForPrincipal, type PatchServices } from '../work-order-fields';
import { isAssigned, WorkOrderChanges, type RelatedHistory } from '../work-order.changes';
import type { WorkOrder } from '../work-order.entity';
import { assignedEvent } from '../work-order.events';
import { forbiddenFields } from '../work-order.exception';
import { toWorkOrderDto } from '../work-order.mapper';
import type { FieldChanges } from '../work-order.repository';
import type { OutboundEvent } from '@mate/messaging';

/**
 * `PATCH /work-orders/{id}`: the fields the caller's role may change (FIELDS_BY_ROLE), applied in
 * the order of the PATCH table; an assignment is also recorded as one (and asks for the parts).
 */
@Injectable()
export class UpdateWorkOrder {
  constructor(
    @Inject(TenantTransactions) private readonly transactions: TenantTransactions,
    @Inject(WorkOrderAccess) private readonly access: WorkOrderAccess,
    @Inject(WorkOrderChanges) private readonly changes: WorkOrderChanges,
    @Inject(AssetDirectory) private readonly assets: AssetDirectory,
    @Inject(CustomFieldsService) private readonly customFields: CustomFieldsService,
    @Inject(PartsReservation) private readonly reservation: PartsReservation,
  ) {}

  async execute(principal: Principal, id: string, dto: UpdateWorkOrderDto, ifMatch: VersionPrecondition): Promise<WorkOrderDto> {
    return this.transactions.run(principal, async (manager) => {
      const workOrder = await this.access.editable(manager, principal, id);
      ifMatch.assertMatches(workOrder.version);
      assertActive(workOrder);
      // Checked before anything is applied: nothing changes, and no other rule answers first.
      const { permitted, refused } = fieldsForPrincipal(workOrder, dto, principal);
      if (refused.length > 0) throw forbiddenFields(refused);
      const previousAssignment = { assigneeIds: workOrder.assigneeIds, teamId: workOrder.teamId };
      const changes = await applyPatch(workOrder, permitted, this.patchServices(manager, workOrder));
      if (Object.keys(changes).length === 0) return toWorkOrderDto(workOrder);
      const related = await this.assignment(manager, workOrder, changes, previousAssignment, principal.subject);
      await this.changes.updated(manager, [{ workOrder, changes }], principal.subject, { related });
      return toWorkOrderDto(workOrder);
    });
  }

  private patchServices(manager: EntityManager, workOrder: WorkOrder): PatchServices {
    return {
      resolvePlace: (target) => this.assets.resolveForNewWork(manager, workOrder.tenantId, target),
      mergeCustomFields: (submitted, stored) => this.customFields.validate(manager, workOrder.tenantId, 'work_order', submitted, stored),
    };
  }

  /** A change of assignees or team is also an assignment: its history entry, WorkOrderAssigned, and the parts to reserve when newly assigned. */
  private async assignment(
    manager: EntityManager,
    workOrder: WorkOrder,
    changes: FieldChanges,
    previous: { assigneeIds: string[]; teamId: string | null },
    actor: string,
  ): Promise<{ history: RelatedHistory[]; events: OutboundEvent[] }> {
    const assignmentChanges = Object.fromEntries(Object.entries(changes).filter(([field]) => field === 'assigneeIds' || field === 'teamId'));
    if (Object.keys(assignmentChanges).length === 0) return { history: [], events: [] };
    const events = [assignedEvent(workOrder, previous, actor)];
    if (!isAssigned(previous)) {
      const reservation = await this.reservation.eventFor(manager, workOrder, actor);
      if (reservation) events.push(reservation);
    }
    return { history: [{ kind: 'assigned', changes: assignmentChanges }], events };
  }
}
