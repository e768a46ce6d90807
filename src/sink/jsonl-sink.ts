// The --json sink: JSON Lines to stderr, a file, a pipe, or one file per process with -ff.
import { JsonlFormatter } from '../format/jsonl.js';
import type { TraceEvent } from '../model/events.js';
import { OutputFile } from './output-file.js';
import type { TextTarget } from './text-sink.js';

interface Stream {
  readonly out: OutputFile;
  readonly fmt: JsonlFormatter;
  text: string;
}

export class JsonlSink {
  private readonly streams = new Map<number, Stream>();
  private readonly shared: Stream | undefined;

  constructor(private readonly target: TextTarget) {
    if (!target.perProcess) this.shared = this.open(target.path);
  }

  private open(path: string | undefined): Stream {
    return { out: new OutputFile(path, this.target.append), fmt: new JsonlFormatter(), text: '' };
  }

  private streamFor(pid: number): Stream {
    if (this.shared) return this.shared;
    let s = this.streams.get(pid);
    if (!s) {
      s = this.open(`${this.target.path}.${pid}`);
      this.streams.set(pid, s);
    }
    return s;
  }

  add(e: TraceEvent): void {
    const s = this.streamFor(e.pid);
    s.text += s.fmt.format(e);
  }

  flush(): void {
    for (const s of this.shared ? [this.shared] : this.streams.values()) {
      s.out.write(s.text);
      s.text = '';
    }
  }

  close(): void {
    for (const s of this.shared ? [this.shared] : this.streams.values()) {
      s.text += s.fmt.finish();
      s.out.write(s.text);
      s.text = '';
      s.out.close();
    }
  }
}
