export type { MeterReading } from '../schedule';

/** A meter's recent usage per day. */
export interface UsageRateSource {
  meterId: string;
  assetId: string;
  unit: string;
  unitsPerDay: number;
}
