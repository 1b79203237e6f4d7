import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MeterKind, MeterReadingRecordedSchema } from '@mate/contracts';
import type { OutboundEvent } from '@mate/messaging';
import { outboundEvent } from '../common/event-publisher';
import type { MeterKindName } from './meter.entity';
import type { MeterTotals, NewReading } from './meter.repository';

const METER_KIND: Record<MeterKindName, MeterKind> = { cumulative: MeterKind.CUMULATIVE, gauge: MeterKind.GAUGE };

/** MeterReadingRecorded (topic mate.assets.v1, keyed by the meter): a reading was recorded. */
export function meterReadingRecorded(tenantId: string, meter: MeterTotals, reading: NewReading): OutboundEvent {
  return outboundEvent(
    MeterReadingRecordedSchema,
    tenantId,
    meter.id,
    {
      meterId: meter.id,
      assetId: meter.assetId,
      value: reading.value,
      delta: reading.delta ?? '',
      lifetimeTotal: reading.lifetimeTotal ?? '',
      readAt: timestampFromDate(reading.readAt),
      kind: METER_KIND[meter.kind],
      readingId: reading.id,
      unit: meter.unit,
      isReset: reading.isReset,
      workOrderId: reading.workOrderId ?? '',
    },
    reading.readAt,
  );
}
