// `vat profile from`: the profile vat would learn from recorded traces (vat JSON Lines or strace logs), read
// through the analyses' reader (import/trace-steps.ts) line by line so memory stays flat; also what `vat report`
// shows in its Profile view.
import { existsSync, statSync } from 'node:fs';
import { isSyscall, readTrace, type Step, straceLogTrace } from '../import/trace-steps.js';
import { type Profile, ProfileError } from './profile.js';
import { ProfileRecorder } from './recorder.js';

export async function profileFromTraces(
  files: readonly string[],
  command = 'profile from',
): Promise<Profile> {
  const recorder = new ProfileRecorder();
  const add = (step: Step): void => {
    if (isSyscall(step)) recorder.add(step);
  };
  const straceLogs: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new ProfileError(`${file}: no such file`);
    if (statSync(file).isDirectory()) throw new ProfileError(`${file}: is a directory, not a trace`);
    const trace = await readTrace(file, command);
    // strace logs are read together at the end: -ff's FILE.PID files are one trace, merged by time stamp
    if (trace.kind === 'strace') straceLogs.push(file);
    else await trace.each(add);
  }
  if (straceLogs.length > 0) await straceLogTrace(straceLogs, command).each(add);
  return recorder.finish([...files]);
}
