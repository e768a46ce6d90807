// The eBPF engine against the engine conformance suite (root only: it loads programs into the kernel).
import { EbpfEngine } from '../../../src/engine/ebpf/ebpf-engine.js';
import { engineConformance } from '../engine.case.js';

engineConformance('ebpf', () => new EbpfEngine(), {
  sigchld:
    'without a ptracer the kernel discards a SIGCHLD whose disposition is default at generation: it is never delivered, so no tracepoint sees it',
});
