// Worker entry: runs the tracer on this thread and hands events to the main thread in batches.
import { parentPort, workerData } from 'node:worker_threads';
import type { TraceConfig } from '../engine.js';
import { hostTracer } from './tracer-host.js';

const { config, control, wantEvents } = workerData as {
  config: TraceConfig;
  control: SharedArrayBuffer;
  wantEvents: boolean;
};
const port = parentPort;
if (!port) throw new Error('tracer-worker must run as a worker thread');
hostTracer(config, new Int32Array(control), wantEvents, (m) => port.postMessage(m), false);
