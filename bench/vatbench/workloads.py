"""The workloads: what each one runs, and building what they need under BENCH_WORK."""

import os
import subprocess
from dataclasses import dataclass

HERE = os.path.dirname(os.path.realpath(__file__))
SRC = os.path.join(os.path.dirname(HERE), "workloads")


@dataclass(frozen=True)
class Workload:
    name: str
    argv: list
    # How many fewer events than strace's fewest vat may record without failing, in events (int) or as
    # a fraction of strace's count (float): 0 where the syscall count is the same in every run (true,
    # storm, walk, dd); threads varies by a few futex calls; make, git and python3 vary with timing
    # (signals delivered, waits, lock contention) by up to ~1 %.
    slack: object
    about: str


def workloads(work, scale=1.0):
    """Every workload, in report order. SCALE multiplies the loop counts of storm, walk and threads."""

    def n(x):
        return str(max(1, int(x * scale)))

    b, d = os.path.join(work, "bin"), os.path.join(work, "data")
    return [
        Workload("true", ["/bin/true"], 0, "start and exit only: the tracer's fixed cost"),
        Workload("storm", [f"{b}/storm", n(200_000)], 0, f"{n(200_000)} one-byte writes to /dev/null"),
        Workload("walk", [f"{b}/walk", "/usr", n(50_000)], 0, f"nftw over /usr, {n(50_000)} entries"),
        Workload(
            "make",
            ["/usr/bin/make", "-s", "-B", "-j2", "-f", f"{SRC}/Makefile.multi", "-C", f"{d}/make"],
            0.01,
            "40 targets, -j2: fork/exec/wait",
        ),
        Workload(
            "threads", [f"{b}/threads", n(50_000), "4"], 64, f"4 threads x {n(50_000)} x (getppid + write)"
        ),
        Workload(
            "git",
            ["/usr/bin/git", "-C", f"{d}/repo", "status", "--porcelain"],
            0.01,
            "git status, 30 000 files",
        ),
        Workload("py-import", ["/usr/bin/python3", f"{SRC}/pyimport.py"], 0.01, "python3 start + 3 imports"),
        Workload(
            "dd",
            ["/bin/dd", "if=/dev/zero", f"of={d}/big.bin", "bs=1M", "count=200", "status=none"],
            0,
            "200 MiB in 1 MiB blocks: few, large syscalls",
        ),
    ]


NAMES = [w.name for w in workloads("/")]


def prepare(work, names, log):
    """Compiles the C workloads and bench/rusage.c, and creates the data the selected workloads need."""
    os.makedirs(os.path.join(work, "bin"), exist_ok=True)
    os.makedirs(os.path.join(work, "data", "make"), exist_ok=True)
    progs = [("storm.c", []), ("walk.c", []), ("threads.c", ["-pthread"])]
    sources = [(os.path.join(SRC, name), extra) for name, extra in progs]
    for src, extra in [*sources, (os.path.join(os.path.dirname(SRC), "rusage.c"), [])]:
        exe = os.path.join(work, "bin", os.path.basename(src)[:-2])
        if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
            subprocess.run(["gcc", "-O2", "-o", exe, src, *extra], check=True)
    if "git" in names:
        make_repo(os.path.join(work, "data", "repo"), 30_000, log)


def make_repo(repo, files, log):
    """A git repository of FILES small committed files in 100 directories, its index refreshed."""
    if os.path.exists(os.path.join(repo, ".git")):
        return
    print(f"bench: creating a {files}-file git repository in {repo}", file=log)
    for i in range(files):
        sub = os.path.join(repo, f"dir{i % 100}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"f{i}.txt"), "w") as f:
            f.write(f"file {i}\n")

    def git(*args):
        subprocess.run(["git", "-C", repo, *args], check=True, stdout=subprocess.DEVNULL)

    git("init", "-q", ".")
    git("add", "-A")
    git("-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "-m", "files")
    # entries written in the same second as the index are "racily clean": refresh them once
    subprocess.run(["sleep", "1"], check=True)
    git("status", "--porcelain")
