import type { FieldError } from '@mate/service-kit';
import { compareDecimals } from '../common/decimal';
import type { ChecklistItemKind, InspectionResult } from './checklist-item.entity';

/**
 * Items one work order's checklist holds at most, however they come (creation, added one by one,
 * a PM template): the checklist is a form read whole (GET answers every item, no pages).
 */
export const MAX_CHECKLIST_ITEMS = 200;

export interface NewChecklistItem {
  label: string;
  kind: ChecklistItemKind;
  required?: boolean;
  min?: string;
  max?: string;
  unit?: string;
  options?: string[];
  meterId?: string;
}

/** Cross-field rules of a new checklist item the DTO decorators cannot express. */
export function checklistItemProblems(item: NewChecklistItem, path: string): FieldError[] {
  const problems: FieldError[] = [];
  const limitsAllowed = item.kind === 'number' || item.kind === 'meter_reading';
  if (!limitsAllowed && (item.min !== undefined || item.max !== undefined)) {
    problems.push({ field: `${path}.min`, message: 'limits apply to number and meter_reading items only' });
  }
  if (item.min !== undefined && item.max !== undefined && compareDecimals(item.min, item.max) > 0) {
    problems.push({ field: `${path}.max`, message: 'max must not be below min' });
  }
  if (item.kind === 'multiple_choice' && (item.options?.length ?? 0) < 2) {
    problems.push({ field: `${path}.options`, message: 'a multiple_choice item needs at least 2 options' });
  }
  if (item.kind !== 'multiple_choice' && item.options !== undefined) {
    problems.push({ field: `${path}.options`, message: 'options apply to multiple_choice items only' });
  }
  if (item.kind === 'meter_reading' && !item.meterId) {
    problems.push({ field: `${path}.meterId`, message: 'a meter_reading item needs a meterId' });
  }
  if (item.kind !== 'meter_reading' && item.meterId !== undefined) {
    problems.push({ field: `${path}.meterId`, message: 'meterId applies to meter_reading items only' });
  }
  return problems;
}

/** A number outside [min, max] is flagged, not refused: the reading is what it is. */
export function isOutOfRange(value: string, min: string | null, max: string | null): boolean {
  return (min !== null && compareDecimals(value, min) < 0) || (max !== null && compareDecimals(value, max) > 0);
}

export interface ChecklistAnswerState {
  kind: ChecklistItemKind;
  done: boolean | null;
  numberValue: string | null;
  textValue: string | null;
  inspectionResult: InspectionResult | null;
  choice: string | null;
  meterValue: string | null;
}

/** Whether an item counts as done for completion: a sub-task when ticked, other kinds once answered. */
export function isAnswered(item: ChecklistAnswerState): boolean {
  switch (item.kind) {
    case 'sub_task':
      return item.done === true;
    case 'number':
      return item.numberValue !== null;
    case 'text':
      return item.textValue !== null;
    case 'inspection':
      return item.inspectionResult !== null;
    case 'multiple_choice':
      return item.choice !== null;
    case 'meter_reading':
      return item.meterValue !== null;
  }
}

/** An answer as sent (`PUT …/result`): only the fields of the item's kind are set. */
export interface ChecklistAnswer {
  done?: boolean;
  value?: string;
  text?: string;
  result?: InspectionResult;
  choice?: string;
  readAt?: string;
  note?: string;
}

/**
 * Whether `answer` leaves the item as it is: the value it already holds, the same note (or none
 * sent) and, for a meter reading, the same read time (or none sent). Such an answer is a no-op
 * (a client retrying, a form sent twice): no version bump, no event.
 */
export function isSameAnswer(item: ChecklistAnswerState & { note: string | null; meterReadAt: Date | null }, answer: ChecklistAnswer): boolean {
  if (answer.note !== undefined && answer.note !== item.note) return false;
  const sameDecimal = (stored: string | null) => stored !== null && answer.value !== undefined && compareDecimals(stored, answer.value) === 0;
  // A never answered item holds null values, which no answer equals (a first "not done" included).
  switch (item.kind) {
    case 'sub_task':
      return item.done === answer.done;
    case 'number':
      return sameDecimal(item.numberValue);
    case 'text':
      return item.textValue === answer.text;
    case 'inspection':
      return item.inspectionResult === answer.result;
    case 'multiple_choice':
      return item.choice === answer.choice;
    case 'meter_reading':
      return (
        sameDecimal(item.meterValue) &&
        (answer.readAt === undefined || (item.meterReadAt !== null && item.meterReadAt.getTime() === Date.parse(answer.readAt)))
      );
  }
}
