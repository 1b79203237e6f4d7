import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CHECKLIST_ITEM_KINDS = ['sub_task', 'number', 'text', 'inspection', 'multiple_choice', 'meter_reading'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];

export const INSPECTION_RESULTS = ['pass', 'flag', 'fail'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

@Entity({ name: 'checklist_items' })
export class ChecklistItem {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'work_order_id', type: 'uuid' })
  workOrderId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  kind!: ChecklistItemKind;

  @Column({ type: 'boolean' })
  required!: boolean;

  /** Decimal strings (numeric columns). */
  @Column({ name: 'min_value', type: 'numeric', nullable: true })
  minValue!: string | null;

  @Column({ name: 'max_value', type: 'numeric', nullable: true })
  maxValue!: string | null;

  @Column({ type: 'text', nullable: true })
  unit!: string | null;

  @Column({ type: 'text', array: true })
  options!: string[];

  @Column({ name: 'meter_id', type: 'uuid', nullable: true })
  meterId!: string | null;

  @Column({ type: 'boolean', nullable: true })
  done!: boolean | null;

  @Column({ name: 'number_value', type: 'numeric', nullable: true })
  numberValue!: string | null;

  @Column({ name: 'text_value', type: 'text', nullable: true })
  textValue!: string | null;

  @Column({ name: 'inspection_result', type: 'text', nullable: true })
  inspectionResult!: InspectionResult | null;

  @Column({ type: 'text', nullable: true })
  choice!: string | null;

  @Column({ name: 'meter_value', type: 'numeric', nullable: true })
  meterValue!: string | null;

  /** When the stored meter reading was taken (its `readAt`): a resent reading is recognised by it. */
  @Column({ name: 'meter_read_at', type: 'timestamptz', nullable: true })
  meterReadAt!: Date | null;

  @Column({ name: 'out_of_range', type: 'boolean' })
  outOfRange!: boolean;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'answered_by', type: 'text', nullable: true })
  answeredBy!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'follow_up_work_order_id', type: 'uuid', nullable: true })
  followUpWorkOrderId!: string | null;
}
