// The ptrace engine against the conformance suite.
import { PtraceEngine } from '../../../src/engine/ptrace/ptrace-engine.js';
import { engineConformance } from '../engine.case.js';

engineConformance('ptrace', () => new PtraceEngine());
