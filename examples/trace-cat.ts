// Stream the events of `cat /etc/hostname` from code: every whole call, the exec, the exit.
import { trace } from 'vat-trace';

export async function main(): Promise<string[]> {
  const seen: string[] = [];
  for await (const ev of trace(['cat', '/etc/hostname'], { filter: 'trace=%file' })) {
    if (ev.type === 'syscall') seen.push(`${ev.name} = ${ev.errnoName ?? ev.ret}`);
    else if (ev.type === 'exit') seen.push(`exit ${ev.status ?? ev.signal}`);
    else if (ev.type === 'exec') seen.push(`exec ${ev.path}`);
  }
  return seen;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const line of await main()) console.log(line);
