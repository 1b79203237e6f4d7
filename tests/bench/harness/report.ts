import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MachineInfo } from './machine';
import type { BenchmarkGoal, BenchmarkResult, Figure } from './types';

/** When, where and how a benchmark ran. */
export interface RunInfo {
  date: string;
  command: string;
  mode: 'full' | 'smoke';
  machine: MachineInfo;
}

export interface BenchmarkReport {
  id: string;
  title: string;
  goal: BenchmarkGoal;
  /** null when the goal has no checkable bound. */
  goalMet: boolean | null;
  durationS: number;
  result: BenchmarkResult;
  run: RunInfo;
}

export interface ResultsFile {
  run: RunInfo;
  benchmarks: BenchmarkReport[];
}

export const GENERATED_START = '<!-- bench:generated:start — written by `npm run bench`; edit outside the markers -->';
export const GENERATED_END = '<!-- bench:generated:end -->';
const DATA_PREFIX = '<!-- bench:data ';
const DATA_SUFFIX = ' -->';

/** Checks the goal against the benchmark's first figure. */
export function goalMet(goal: BenchmarkGoal, result: BenchmarkResult): boolean | null {
  const [headline] = result.figures;
  if (!headline) return null;
  const checks: boolean[] = [];
  if (goal.ratioAtLeast !== undefined) checks.push(headline.ratio >= goal.ratioAtLeast);
  if (goal.maxValue !== undefined) checks.push(headline.subject.median <= goal.maxValue);
  return checks.length === 0 ? null : checks.every(Boolean);
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  return ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

function formatSide(figure: Figure, side: 'subject' | 'baseline'): string {
  const { median, min, max, samples } = figure[side];
  if (samples.length <= 1) return formatNumber(median);
  return `${formatNumber(median)} (${formatNumber(min)}–${formatNumber(max)})`;
}

function formatGoal(goal: BenchmarkGoal, unit: string): string {
  const parts: string[] = [];
  if (goal.ratioAtLeast !== undefined) parts.push(`ratio ≥ ${goal.ratioAtLeast}`);
  if (goal.maxValue !== undefined) parts.push(`≤ ${formatNumber(goal.maxValue)} ${unit}`);
  return parts.join(', ') || '—';
}

function formatMet(met: boolean | null): string {
  return met === null ? '—' : met ? '**yes**' : '**no**';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function machineLine(machine: MachineInfo): string {
  return (
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.os}; ` +
    `Node.js ${machine.node}; Kafka ${machine.kafka}; PostgreSQL ${machine.postgres}`
  );
}

function runKey(run: RunInfo): string {
  return `${run.date}|${run.command}`;
}

/** Natural order: B2 before B10. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The generated section (markers included) for the given reports. */
export function renderGenerated(reports: readonly BenchmarkReport[]): string {
  const sorted = [...reports].sort((a, b) => compareIds(a.id, b.id));
  const lines: string[] = [GENERATED_START, ''];
  lines.push('Medians over the repetitions, (min–max) in brackets; ratio = subject median / baseline median.');
  lines.push('The goal applies to the first figure of each benchmark.', '');
  lines.push('| id | benchmark | figure | subject | baseline | ratio | goal | met? |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | --- | --- |');
  for (const report of sorted) {
    report.result.figures.forEach((figure, index) => {
      const headline = index === 0;
      lines.push(
        `| ${headline ? report.id : ''} | ${headline ? escapeCell(report.title) : ''} | ` +
          `${escapeCell(`${figure.name} (${figure.unit})`)} | ${formatSide(figure, 'subject')} | ` +
          `${formatSide(figure, 'baseline')} | ${formatRatio(figure.ratio)} | ` +
          `${headline ? escapeCell(formatGoal(report.goal, figure.unit)) : ''} | ${headline ? formatMet(report.goalMet) : ''} |`,
      );
    });
  }
  lines.push('');

  const runs = new Map<string, { run: RunInfo; ids: string[] }>();
  for (const report of sorted) {
    const entry = runs.get(runKey(report.run)) ?? { run: report.run, ids: [] };
    entry.ids.push(report.id);
    runs.set(runKey(report.run), entry);
  }
  for (const { run, ids } of runs.values()) {
    const heading = runs.size === 1 ? 'Run' : `Run of ${ids.join(', ')}`;
    lines.push(`**${heading}:** ${run.date} — \`${run.command}\`  `);
    lines.push(`**Machine:** ${machineLine(run.machine)}`, '');
  }

  for (const report of sorted) {
    lines.push(`### ${report.id} — ${report.title}`, '');
    lines.push(`Goal: ${report.goal.description} Met: ${formatMet(report.goalMet)}. Took ${Math.round(report.durationS)} s.`, '');
    const parameters = Object.entries(report.result.parameters);
    if (parameters.length > 0) {
      lines.push(`Parameters: ${parameters.map(([key, value]) => `${key} = ${String(value)}`).join('; ')}.`, '');
    }
    for (const note of report.result.notes) lines.push(`- ${note}`);
    if (report.result.notes.length > 0) lines.push('');
  }

  lines.push(`${DATA_PREFIX}${encodeForComment(sorted.map(withoutDetails))}${DATA_SUFFIX}`);
  lines.push(GENERATED_END);
  return lines.join('\n');
}

/** The docs keep the reports (without bulky details) so `--only B1` can regenerate the other rows. */
function withoutDetails(report: BenchmarkReport): BenchmarkReport {
  const { details: _details, ...result } = report.result;
  return { ...report, result };
}

/** JSON inside an HTML comment must not contain `--`; inside JSON strings `\u002d` is the same. */
export function encodeForComment(value: unknown): string {
  return JSON.stringify(value).replace(/--/g, '-\\u002d');
}

/** The reports recorded in a previously generated section, or none. */
export function parseRecorded(markdown: string | undefined): BenchmarkReport[] {
  if (!markdown) return [];
  const line = markdown.split('\n').find((text) => text.startsWith(DATA_PREFIX) && text.endsWith(DATA_SUFFIX));
  if (!line) return [];
  try {
    const parsed: unknown = JSON.parse(line.slice(DATA_PREFIX.length, line.length - DATA_SUFFIX.length));
    return Array.isArray(parsed) ? (parsed as BenchmarkReport[]) : [];
  } catch {
    return [];
  }
}

/**
 * Replaces the generated section of `markdown` (between the markers) and leaves everything else,
 * the hand-written notes, as it was. Without markers the section is appended.
 */
export function replaceGenerated(markdown: string | undefined, generated: string): string {
  if (markdown === undefined || markdown.trim() === '') return `# Benchmarks\n\n${generated}\n`;
  const start = markdown.indexOf(GENERATED_START);
  const end = markdown.indexOf(GENERATED_END);
  if (start === -1 || end === -1 || end < start) return `${markdown.replace(/\s*$/, '')}\n\n${generated}\n`;
  return markdown.slice(0, start) + generated + markdown.slice(end + GENERATED_END.length);
}

/** Newly measured reports replace recorded ones of the same id; the others stay. */
export function mergeReports(recorded: readonly BenchmarkReport[], fresh: readonly BenchmarkReport[]): BenchmarkReport[] {
  const byId = new Map(recorded.map((report) => [report.id, report]));
  for (const report of fresh) byId.set(report.id, report);
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}
