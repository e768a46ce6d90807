// The AIO calls' structs (io_submit's iocbs by command, io_cancel's iocb header, io_getevents' and io_cancel's
// io_event) against strace 6.1, plain and with -y: one real read, then calls on a context that does not exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../helpers/fixtures.js';
import { hasStrace, normalize, traceWith } from '../../helpers/strace-oracle.js';

const CALLS = 'trace=io_setup,io_submit,io_getevents,io_cancel,io_destroy';

test('iocb and io_event, as strace', { skip: !hasStrace && 'strace is not installed' }, () => {
  const exe = fixture('aio-structs');
  for (const y of [[], ['-y']]) {
    const opts = [...y, '-e', CALLS];
    // io_submit's aio_buf data is two pointers deep (iocb array, iocb, buffer); eBPF copies one (README): pinned
    const v = traceWith('vat', ['--engine', 'ptrace', ...opts], [exe]).trace;
    assert.equal(normalize(v), normalize(traceWith('strace', opts, [exe]).trace), y.join(' '));
    if (y.length > 0) continue;
    assert.match(
      v,
      /io_getevents\(0x[0-9a-f]+, 1, 2, \[\{data=0xfeedface11111111, obj=0x[0-9a-f]+, res=4096, res2=0\}\]/,
    );
    assert.match(
      v,
      /aio_buf="\\0\\1\\2\\3cat test test test 012345678"\.\.\., aio_nbytes=39, aio_offset=-1\}/,
    );
    assert.match(
      v,
      /aio_reqprio=IOPRIO_PRIO_VALUE\(IOPRIO_CLASS_BE, 4\), [^}]*aio_flags=IOCB_FLAG_RESFD\|IOCB_FLAG_IOPRIO\|0x40, aio_resfd=5\}/,
    );
    assert.match(v, /aio_lio_opcode=61453 \/\* IOCB_CMD_\?\?\? \*\/, aio_fildes=-1\}, NULL, 0x[0-9a-f]+\]\)/);
    assert.match(
      v,
      /io_cancel\(0xdead0000, \{aio_data=0x1, aio_key=7, aio_lio_opcode=IOCB_CMD_PWRITE, aio_reqprio=-3, aio_fildes=\d+\}, 0x/,
    );
  }
});
