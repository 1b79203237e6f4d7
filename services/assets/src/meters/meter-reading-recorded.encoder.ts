import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** The fields of mate.assets.v1.MeterReadingRecorded, in their wire form. */
export interface MeterReadingRecordedFields {
  meterId: string;
  assetId: string;
  value: string;
  delta: string;
  lifetimeTotal: string;
  readAt: Date;
  /** mate.assets.v1.MeterKind number. */
  kind: number;
  readingId: string;
  unit: string;
  isReset: boolean;
  workOrderId: string;
}

/**
 * Encodes MeterReadingRecorded straight to protobuf bytes. The reflective create() + toBinary() of
 * protobuf-es cost about 30 µs per event, most of a 10,000-reading bulk request (B5); this writes
 * the same bytes (proto3: default values omitted, fields in number order). A unit test decodes the
 * output with the generated schema, so a change of the message shows up there.
 */
export function encodeMeterReadingRecorded(fields: MeterReadingRecordedFields): Uint8Array {
  const writer = new BinaryWriter();
  const text = (fieldNo: number, value: string) => {
    if (value !== '') writer.tag(fieldNo, WireType.LengthDelimited).string(value);
  };
  text(1, fields.meterId);
  text(2, fields.assetId);
  text(3, fields.value);
  text(4, fields.delta);
  text(5, fields.lifetimeTotal);
  const millis = fields.readAt.getTime();
  const seconds = Math.floor(millis / 1000);
  const nanos = (millis - seconds * 1000) * 1_000_000;
  writer.tag(6, WireType.LengthDelimited).fork();
  if (seconds !== 0) writer.tag(1, WireType.Varint).int64(seconds);
  if (nanos !== 0) writer.tag(2, WireType.Varint).int32(nanos);
  writer.join();
  if (fields.kind !== 0) writer.tag(7, WireType.Varint).int32(fields.kind);
  text(8, fields.readingId);
  text(9, fields.unit);
  if (fields.isReset) writer.tag(10, WireType.Varint).bool(true);
  text(11, fields.workOrderId);
  return writer.finish();
}
