import { create } from '@bufbuild/protobuf';
import {
  PmPlanCreatedSchema,
  PmPlanDeletedSchema,
  PmPlanPausedSchema,
  PmPlanResumedSchema,
  PmPlanSummarySchema,
  PmPlanUpdatedSchema,
  PmStreamPausedSchema,
  PmStreamPauseReason,
} from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import type { PmPlan } from './pm-plan.entity';

function summaryOf(plan: PmPlan) {
  return create(PmPlanSummarySchema, {
    planId: plan.id,
    title: plan.title,
    version: plan.version,
    active: plan.active,
    zone: plan.zone,
    assetIds: plan.target.kind === 'assets' ? plan.target.assetIds : [],
    category: plan.target.kind === 'category' ? plan.target.category : '',
    locationId: plan.target.kind === 'category' ? (plan.target.locationId ?? '') : '',
  });
}

/** The events of a plan, keyed by the plan's id (their order holds). */
function keyedByPlan(plan: PmPlan): Pick<OutboundEvent, 'subject' | 'tenantId' | 'time'> {
  return { subject: plan.id, tenantId: plan.tenantId, time: plan.updatedAt };
}

export function pmPlanCreated(plan: PmPlan, actor: string): OutboundEvent {
  return { ...keyedByPlan(plan), schema: PmPlanCreatedSchema, message: create(PmPlanCreatedSchema, { plan: summaryOf(plan), createdBy: actor }) };
}

export function pmPlanUpdated(plan: PmPlan, actor: string): OutboundEvent {
  return { ...keyedByPlan(plan), schema: PmPlanUpdatedSchema, message: create(PmPlanUpdatedSchema, { plan: summaryOf(plan), updatedBy: actor }) };
}

export function pmPlanPaused(plan: PmPlan, actor: string): OutboundEvent {
  return { ...keyedByPlan(plan), schema: PmPlanPausedSchema, message: create(PmPlanPausedSchema, { plan: summaryOf(plan), pausedBy: actor }) };
}

export function pmPlanResumed(plan: PmPlan, actor: string): OutboundEvent {
  return { ...keyedByPlan(plan), schema: PmPlanResumedSchema, message: create(PmPlanResumedSchema, { plan: summaryOf(plan), resumedBy: actor }) };
}

export function pmPlanDeleted(plan: PmPlan, actor: string): OutboundEvent {
  return { ...keyedByPlan(plan), time: new Date(), schema: PmPlanDeletedSchema, message: create(PmPlanDeletedSchema, { planId: plan.id, deletedBy: actor }) };
}

export function pmStreamPaused(tenantId: string, planId: string, assetId: string, reason: 'asset_decommissioned' | 'asset_deleted'): OutboundEvent {
  return {
    subject: planId,
    tenantId,
    schema: PmStreamPausedSchema,
    message: create(PmStreamPausedSchema, {
      planId,
      assetId,
      reason: reason === 'asset_decommissioned' ? PmStreamPauseReason.ASSET_DECOMMISSIONED : PmStreamPauseReason.ASSET_DELETED,
    }),
  };
}
