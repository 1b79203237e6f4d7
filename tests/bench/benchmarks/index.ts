import type { Benchmark } from '../harness/types';
import { b1BackboneThroughput } from './b1-backbone-throughput';
import { b2CommitToEffectLatency } from './b2-commit-to-effect-latency';
import { b3WorkOrderCreate } from './b3-work-order-create';
import { b4WorkOrderList } from './b4-work-order-list';
import { b5MeterIngest } from './b5-meter-ingest';
import { b6PmDueBurst } from './b6-pm-due-burst';
import { b7ConnectorSync } from './b7-connector-sync';
import { b8ConnectionAlertLatency } from './b8-connection-alert-latency';

/**
 * Every benchmark, in run order. To add one: write `benchmarks/<id>-<name>.ts` exporting a
 * `Benchmark` and append it here. A later benchmark can read an earlier one's result with
 * `ctx.resultOf('<id>')` (B2 paces itself at half of B1's measured rate).
 */
export const benchmarks: readonly Benchmark[] = [b1BackboneThroughput, b2CommitToEffectLatency, b3WorkOrderCreate, b4WorkOrderList, b5MeterIngest, b6PmDueBurst, b7ConnectorSync, b8ConnectionAlertLatency];
