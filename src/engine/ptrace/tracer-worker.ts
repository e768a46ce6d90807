// Worker entry: runs the tracer on this thread and hands events to the main thread in batches.
import { parentPort, workerData } from 'node:worker_threads';
import type { TraceConfig, TraceOutputs } from '../engine.js';
import { hostTracer } from './tracer-host.js';

const { config, outputs, control, wantEvents } = workerData as {
  config: TraceConfig;
  outputs: TraceOutputs;
  control: SharedArrayBuffer;
  wantEvents: boolean;
};
const port = parentPort;
if (!port) throw new Error('tracer-worker must run as a worker thread');
hostTracer(config, outputs, new Int32Array(control), wantEvents, (m) => port.postMessage(m), false);
