import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { MeterKind, MeterReadingRecordedSchema } from '@mate/contracts';
import { encodeMeterReadingRecorded, type MeterReadingRecordedFields } from './meter-reading-recorded.encoder';

describe('encodeMeterReadingRecorded', () => {
  const cases: MeterReadingRecordedFields[] = [
    {
      meterId: '0b6f5d8e-7d1c-4c53-9d8e-1f2a3b4c5d6e',
      assetId: '1c7e6f9a-8e2d-4d64-ae9f-2a3b4c5d6e7f',
      value: '1520.5',
      delta: '20.25',
      lifetimeTotal: '99999.75',
      readAt: new Date('2026-11-28T06:00:00.123Z'),
      kind: MeterKind.CUMULATIVE,
      readingId: '2d8f7a0b-9f3e-4e75-bfa0-3b4c5d6e7f80',
      unit: '°C',
      isReset: true,
      workOrderId: '3e9a8b1c-a04f-4f86-80b1-4c5d6e7f8091',
    },
    {
      meterId: 'm',
      assetId: 'a',
      value: '-3',
      delta: '',
      lifetimeTotal: '',
      readAt: new Date('1969-12-31T23:59:59.500Z'),
      kind: MeterKind.GAUGE,
      readingId: 'r',
      unit: '',
      isReset: false,
      workOrderId: '',
    },
  ];

  it.each(cases)('writes the bytes protobuf-es writes, and they decode to the same message', (fields) => {
    const bytes = encodeMeterReadingRecorded(fields);
    const { readAt, ...rest } = fields;
    const reference = create(MeterReadingRecordedSchema, { ...rest, kind: fields.kind as MeterKind, readAt: timestampFromDate(readAt) });
    expect(fromBinary(MeterReadingRecordedSchema, bytes)).toEqual(reference);
    expect(Buffer.from(bytes).equals(Buffer.from(toBinary(MeterReadingRecordedSchema, reference)))).toBe(true);
  });
});
