import { normalizeDecimal } from '../common/decimal';
import { isAnswered } from '../work-orders/checklist-rules';
import type { ChecklistItem } from '../work-orders/checklist-item.entity';
import type { ChecklistItemDto } from './dtos/checklist.dtos';

export function toChecklistItemDto(item: ChecklistItem): ChecklistItemDto {
  return {
    id: item.id,
    position: item.position,
    label: item.label,
    kind: item.kind,
    required: item.required,
    min: normalizeDecimal(item.minValue),
    max: normalizeDecimal(item.maxValue),
    unit: item.unit,
    options: item.options,
    meterId: item.meterId,
    answered: isAnswered(item),
    done: item.done,
    value: normalizeDecimal(item.kind === 'meter_reading' ? item.meterValue : item.numberValue),
    text: item.textValue,
    result: item.inspectionResult,
    choice: item.choice,
    outOfRange: item.outOfRange,
    note: item.note,
    answeredBy: item.answeredBy,
    answeredAt: item.answeredAt?.toISOString() ?? null,
    followUpWorkOrderId: item.followUpWorkOrderId,
  };
}
