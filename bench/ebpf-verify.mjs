#!/usr/bin/env node
// What the eBPF engine's start-up costs the kernel, program by program: each program's verifier summary
// (instructions processed, states) with its load's wall time, and the whole KernelObjects construction's wall and
// CPU (user + system of this process). Run as root after `npm run build`:
//   node bench/ebpf-verify.mjs [--trace=a,b] [-y] [-v] [-c] [-f] [--ring=MiB] [--rounds=N]
import { performance } from 'node:perf_hooks';
import { DEFAULT_DECODE } from '../dist/decode/options.js';
import { followsFds } from '../dist/engine/ebpf/fd-shadow.js';
import { KernelObjects } from '../dist/engine/ebpf/kernel-objects.js';
import { buildPlans, planKey } from '../dist/engine/ebpf/plans.js';
import { syscallByName } from '../dist/tables/syscalls.js';

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const value = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const names = value('trace')?.split(',');
const traced = names ? new Set(names.flatMap((n) => syscallByName('x86_64', n)?.nr ?? [])) : undefined;
const decode = { ...DEFAULT_DECODE, verbose: flag('-v'), yflag: flag('-y') ? 1 : 0 };
const ctx = { decode, followFds: followsFds(decode) };
const rounds = Number(value('rounds') ?? 1);
for (let r = 0; r < rounds; r++) {
  const lines = [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const k = new KernelObjects({
    scope: { kind: 'tids' },
    follow: flag('-f'),
    summary: flag('-c'),
    ringSize: Number(value('ring') ?? 256) << 20,
    plans: () => buildPlans(ctx, traced),
    planKey: planKey(ctx, traced),
    fdInodes: ctx.followFds,
    verifierStats: (name, summary, ms) =>
      lines.push(`  ${name.padEnd(14)} ${ms.toFixed(1).padStart(7)} ms  ${summary.replace(/\s+/g, ' ')}`),
  });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  for (const p of k.loaded) lines.push(`  ${p.name}: ${p.insns} insns`);
  k.close();
  console.log(
    `round ${r}: wall ${wall.toFixed(1)} ms, cpu user ${(c.user / 1000).toFixed(1)} sys ${(c.system / 1000).toFixed(1)} ms${k.cached ? ' (cached)' : ''}`,
  );
  console.log(lines.join('\n'));
}
