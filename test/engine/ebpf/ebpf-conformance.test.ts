// The eBPF engine against the engine conformance suite (root only: it loads programs into the kernel).
import { EbpfEngine } from '../../../src/engine/ebpf/ebpf-engine.js';
import { engineConformance } from '../engine.case.js';

engineConformance('ebpf', () => new EbpfEngine(), {
  sigchld:
    'without a ptracer the kernel discards a SIGCHLD whose disposition is default at generation: it is never delivered, so no tracepoint sees it',
  // seen failing once in three clean runs: a record is written at a call's exit and notes (signal, exec, exit)
  // at their own tracepoints, so one can be read before an earlier-stamped one; to fix in the engine (#15)
  ordered:
    'records are written at each call exit and at the signal/exec/exit tracepoints: not always read in timestamp order (open defect, #15)',
});
