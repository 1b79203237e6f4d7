import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { Meter } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * The Grafana dashboard in deploy/observability queries only metrics the services export. What
 * they export is read from the code (every OpenTelemetry instrument created in libs/ and services/,
 * plus the HTTP instrumentation service-kit enables) and turned into Prometheus names by the same
 * exporter /metrics uses, so suffixes (`_total`, `_bucket`) are the exporter's, not guessed.
 */
const root = resolve(__dirname, '../..');
const DASHBOARD = resolve(root, 'deploy/observability/platform-health.dashboard.json');

type InstrumentKind = 'Counter' | 'UpDownCounter' | 'Histogram' | 'Gauge' | 'ObservableGauge' | 'ObservableCounter' | 'ObservableUpDownCounter';
interface Instrument {
  kind: InstrumentKind;
  name: string;
  file: string;
}

const INSTRUMENT = /\.create(Counter|UpDownCounter|Histogram|Gauge|ObservableGauge|ObservableCounter|ObservableUpDownCounter)\(\s*'([^']+)'/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(resolve(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.includes('node_modules') && !path.includes('/gen/'))
    .map((path) => resolve(root, folder, path));
}

function instrumentsInCode(): Instrument[] {
  const folders = ['libs', 'services'].flatMap((top) =>
    readdirSync(resolve(root, top)).map((name) => `${top}/${name}/src`),
  );
  return folders.flatMap(sourceFiles).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(INSTRUMENT)].map((match) => ({
      kind: match[1] as InstrumentKind,
      name: match[2] ?? '',
      file,
    })),
  );
}

/** The HTTP server histogram: created by @opentelemetry/instrumentation-http, which start-telemetry enables. */
function httpInstrument(): Instrument {
  const telemetry = resolve(root, 'libs/service-kit/src/telemetry/start-telemetry.ts');
  expect(readFileSync(telemetry, 'utf8')).toContain("'@opentelemetry/instrumentation-http': { ...ENABLED");
  const instrumentation = require.resolve('@opentelemetry/instrumentation-http/build/src/http.js');
  expect(readFileSync(instrumentation, 'utf8')).toContain("createHistogram('http.server.duration'");
  return { kind: 'Histogram', name: 'http.server.duration', file: instrumentation };
}

function record(meter: Meter, { kind, name }: Instrument): void {
  if (kind === 'Counter' || kind === 'UpDownCounter') meter[`create${kind}`](name).add(1);
  else if (kind === 'Histogram' || kind === 'Gauge') meter[`create${kind}`](name).record(1);
  else meter[`create${kind}`](name).addCallback((result) => result.observe(1));
}

/** The metric names as Prometheus scrapes them from /metrics. */
async function exportedNames(instruments: readonly Instrument[]): Promise<Set<string>> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter('dashboard-check');
  for (const instrument of instruments) record(meter, instrument);
  const { resourceMetrics } = await exporter.collect();
  const text = new PrometheusSerializer().serialize(resourceMetrics);
  await provider.shutdown();
  return new Set(text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => line.split(/[{ ]/)[0] ?? ''));
}

interface Panel {
  type: string;
  title: string;
  description?: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

const PROMQL_WORDS = new Set(['sum', 'max', 'min', 'avg', 'count', 'rate', 'increase', 'histogram_quantile', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset']);

/** Metric names in a PromQL expression: identifiers outside strings, label matchers, ranges and grouping lists. */
function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((match) => match[0]).filter((word) => !PROMQL_WORDS.has(word));
}

function panelsOf(dashboard: { panels: Panel[] }): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).filter((panel) => panel.type !== 'row');
}

const isPending = (panel: Panel): boolean => panel.description?.startsWith('Pending:') ?? false;

describe('deploy/observability platform-health dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[] };
  const panels = panelsOf(dashboard);
  let exported: Set<string>;

  beforeAll(async () => {
    exported = await exportedNames([...instrumentsInCode(), httpInstrument()]);
  });

  it('reads the instruments of the code (the messaging ones at least)', () => {
    for (const name of ['mate_events_consumed_total', 'mate_outbox_backlog', 'mate_dlq_messages_total', 'http_server_duration_bucket']) {
      expect(exported.has(name)).toBe(true);
    }
  });

  it('finds metric names in PromQL and nothing else', () => {
    expect(metricNamesOf('histogram_quantile(0.95, sum by (job, le) (rate(x_bucket{code=~"5.."}[$__rate_interval])))')).toEqual(['x_bucket']);
    expect(metricNamesOf('sum by (a) (rate(b_total[5m])) / on(a) group_left sum by (a) (c)')).toEqual(['b_total', 'c']);
  });

  it.each(panels.filter((panel) => !isPending(panel)).map((panel) => [panel.title, panel] as const))(
    '%s queries only exported metrics',
    (_title, panel) => {
      const names = (panel.targets ?? []).flatMap((target) => metricNamesOf(target.expr));
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((name) => !exported.has(name))).toEqual([]);
    },
  );

  it('keeps "Pending:" only on panels still waiting for a metric (or, for alert volume, for its series)', () => {
    for (const panel of panels.filter(isPending)) {
      expect(panel.description).toMatch(/^Pending: .*(reporting|connectors|notifications)/);
      const missing = (panel.targets ?? []).flatMap((target) => metricNamesOf(target.expr)).filter((name) => !exported.has(name));
      // Once the awaited metric is exported the marker goes, and the panel is checked like the others.
      if (missing.length === 0) expect(panel.description).toContain('the series appear once');
    }
  });

  it('covers what the platform is watched for', () => {
    const titles = panels.map((panel) => panel.title.toLowerCase()).join('\n');
    for (const topic of ['consumed', 'published', 'lag', 'dead-lettered', 'outbox backlog', 'http 5xx', 'latency', 'connection states', 'alert volume']) {
      expect(titles).toContain(topic);
    }
  });
});
