import { normalizeDecimal } from '../common/decimal';
import type { LabourEntryDto, OtherCostDto, PartLineDto } from './dtos/labour-and-costs.dtos';
import type { LabourEntry, OtherCostEntry, PartLine } from '../work-orders/labour-and-costs.entities';

/** minutes / 60 × hourly rate, exactly: in ten-thousandths, rounded half-up to cents. */
export function roundCents(minutes: number, hourlyRate: string): string {
  const [int, frac = ''] = hourlyRate.split('.');
  const rateTenThousandths = BigInt(int + frac.padEnd(4, '0'));
  const numerator = BigInt(minutes) * rateTenThousandths; // ten-thousandths × minutes
  const cents = (numerator * 100n + 60n * 10_000n / 2n) / (60n * 10_000n);
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** quantity × unit cost, exactly, rounded half-up to cents. */
export function multiplyToCents(quantity: string, unitCost: string): string {
  const scale = (value: string) => {
    const [int, frac = ''] = value.split('.');
    return BigInt(int + frac.padEnd(4, '0'));
  };
  const product = scale(quantity) * scale(unitCost); // 10^-8
  const cents = (product + 500_000n) / 1_000_000n;
  const text = cents.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export function toLabourDto(entry: LabourEntry): LabourEntryDto {
  const rate = normalizeDecimal(entry.hourlyRate) ?? '0';
  return {
    id: entry.id,
    technicianId: entry.technicianId,
    startedAt: entry.startedAt?.toISOString() ?? null,
    endedAt: entry.endedAt?.toISOString() ?? null,
    minutes: entry.minutes,
    hourlyRate: rate,
    cost: entry.minutes === null ? null : roundCents(entry.minutes, rate),
    running: entry.minutes === null,
    note: entry.note,
  };
}

export function toPartDto(line: PartLine): PartLineDto {
  const quantity = normalizeDecimal(line.quantity) ?? '0';
  const unitCost = normalizeDecimal(line.unitCost) ?? '0';
  return {
    id: line.id,
    partId: line.partId,
    storeroomId: line.storeroomId,
    quantity,
    unitCost,
    totalCost: multiplyToCents(quantity, unitCost),
    issuedAt: line.issuedAt?.toISOString() ?? null,
  };
}

export function toOtherCostDto(cost: OtherCostEntry): OtherCostDto {
  const [int, frac = ''] = cost.amount.split('.');
  return { id: cost.id, description: cost.description, category: cost.category, amount: `${int}.${frac.padEnd(2, '0').slice(0, 2)}` };
}
