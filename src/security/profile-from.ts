// `vat profile from`: the profile vat would learn from recorded traces (vat JSON Lines or strace logs), read
// line by line so memory stays flat; also what `vat report` shows in its Profile view.
import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { LineSource } from '../import/input.js';
import { readJsonl } from '../import/jsonl-read.js';
import { EMPTY_TRACE } from '../import/pipeline.js';
import { callOfRecord } from '../import/records.js';
import { CallJoiner } from '../model/call.js';
import { type Profile, ProfileError } from './profile.js';
import { ProfileRecorder } from './recorder.js';

export async function profileFromTraces(
  files: readonly string[],
  command = 'profile from',
): Promise<Profile> {
  const recorder = new ProfileRecorder();
  const straceLogs: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new ProfileError(`${file}: no such file`);
    if (statSync(file).isDirectory()) throw new ProfileError(`${file}: is a directory, not a trace`);
    // streamed line by line: memory stays flat whatever the trace's size
    const src = new LineSource(file);
    try {
      const first = await src.first();
      if (first === undefined) throw new UsageError(`${command}: ${file}: ${EMPTY_TRACE}`);
      if (!first.trimStart().startsWith('{')) {
        straceLogs.push(file);
        continue;
      }
      // the one JSON Lines reader: its errors and its cut-line warning are every reader's
      await readJsonl(src, { command }, (r) => {
        if (r.type !== 'syscall') return;
        if (typeof r.name !== 'string' || typeof r.tid !== 'number' || typeof r.nr !== 'number')
          throw new ProfileError(`${file}:${src.lineNo}: syscall record without name, nr or tid`);
        recorder.add(callOfRecord(r));
      });
    } finally {
      src.close();
    }
  }
  if (straceLogs.length > 0) {
    // strace text logs through the importer (src/import): its events, joined as a live trace's are
    const { openInputs, straceEvents } = await import('../import/pipeline.js');
    const inputs = await openInputs(command, straceLogs);
    if (inputs.kind === 'strace') {
      const joiner = new CallJoiner();
      await straceEvents(inputs, { command: command }, (e) => {
        for (const call of joiner.add(e)) recorder.add(call);
      });
      for (const call of joiner.finish()) recorder.add(call);
    }
  }
  return recorder.finish([...files]);
}
