// strace's `Process N attached [with M threads]` / `Process N detached` notice, shared by the text and summary sinks.
import type { AttachEvent } from '../model/events.js';
import { PROG } from '../util/prog-name.js';

/** The notice line for an attach or detach; undefined for the command vat started, which is never announced. */
export function attachNotice(e: AttachEvent): string | undefined {
  if (e.launched) return undefined;
  const threads = e.threads && e.threads.length > 1 ? ` with ${e.threads.length} threads` : '';
  return `${PROG}: Process ${e.pid} ${e.type === 'attach' ? 'attached' : 'detached'}${threads}\n`;
}
