import type { CsvImportRow } from '@mate/service-kit';
import { parentsFirst } from './asset-import-export.service';

const row = (line: number, tag: string, parentTag?: string): CsvImportRow => ({ line, cells: parentTag === undefined ? { tag } : { tag, parentTag } });

describe('parentsFirst (asset import order)', () => {
  it('creates each row after the row of its parent tag, otherwise in file order', () => {
    const rows = [row(2, 'MOTOR', 'PUMP'), row(3, 'FAN'), row(4, 'BEARING', 'MOTOR'), row(5, 'PUMP', 'SKID'), row(6, 'SKID'), row(7, 'VALVE', 'REGISTERED')];
    const plan = parentsFirst(rows);
    expect(plan.ordered.map((r) => r.cells.tag)).toEqual(['SKID', 'PUMP', 'MOTOR', 'FAN', 'BEARING', 'VALVE']);
    expect([...plan.parentTags].sort()).toEqual(['MOTOR', 'PUMP', 'REGISTERED', 'SKID']);
    expect(plan.cyclic.size).toBe(0);
  });

  it('marks the rows of a cycle (and keeps every row once)', () => {
    const rows = [row(2, 'A', 'B'), row(3, 'B', 'C'), row(4, 'C', 'B'), row(5, 'D', 'D'), row(6, 'E', 'A')];
    const plan = parentsFirst(rows);
    expect(plan.ordered).toHaveLength(rows.length);
    expect(new Set(plan.ordered).size).toBe(rows.length);
    expect([...plan.cyclic].map((r) => r.cells.tag).sort()).toEqual(['B', 'C', 'D']);
  });

  it('handles a chain longer than the call stack', () => {
    const count = 100_000;
    const rows = Array.from({ length: count }, (_, i) => row(i + 2, `T${i}`, i + 1 < count ? `T${i + 1}` : undefined));
    const ordered = parentsFirst(rows).ordered;
    expect(ordered[0].cells.tag).toBe(`T${count - 1}`);
    expect(ordered[count - 1].cells.tag).toBe('T0');
  });
});
