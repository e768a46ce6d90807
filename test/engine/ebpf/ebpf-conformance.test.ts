// The eBPF engine against the engine conformance suite (root only: it loads programs into the kernel).
import { EbpfEngine } from '../../../src/engine/ebpf/ebpf-engine.js';
import { engineConformance } from '../engine.case.js';

// a SIGCHLD with the default disposition is dropped at sending without a ptracer: signal_generate records it
engineConformance('ebpf', () => new EbpfEngine());
