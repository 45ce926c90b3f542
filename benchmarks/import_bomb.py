"""Peak memory and time of reading hostile registration lists (the audit's XLSX bombs, M2).

    .venv/bin/python benchmarks/import_bomb.py              # every file, about 10 s with the limits
    .venv/bin/python benchmarks/import_bomb.py cells_100    # one file

Each file is read by trainings.imports.read_table in a fresh Python process, so the peak resident size
(VmHWM) belongs to that file alone; "before" is the same process just before the call (Django set
up, the file's bytes in memory). Nothing touches a database: DJANGO_DATA_DIR is a throw-away folder.
Without the limits (before issue 13) `cells_100` took about 60 s and 1.2 GB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHILD = """
import sys, time
import django
django.setup()
from trainings import imports
name, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
def status(key):  # kB; ru_maxrss would carry the parent's peak over the fork
    line = next(line for line in open("/proc/self/status") if line.startswith(key))
    return int(line.split()[1])
before = status("VmRSS")
start = time.perf_counter()
try:
    rows = imports.read_table(name=name, data=data)
    outcome = f"read: {len(rows)} rows"
except imports.ImportFileError as error:
    outcome = f"refused: {error}"
seconds = time.perf_counter() - start
peak = status("VmHWM")
print(f"{seconds:.2f}\\t{before / 1024:.0f}\\t{peak / 1024:.0f}\\t{outcome}")
"""


def files() -> dict[str, tuple[str, bytes]]:
    from tests.trainings import xlsx_bombs as bombs

    return {
        "cells_100": ("bomb.xlsx", bombs.cells_bomb(100)),
        "cells_20": ("bomb.xlsx", bombs.cells_bomb(20)),
        "shared_strings_800": ("bomb.xlsx", bombs.shared_strings_bomb(800)),
        "rows_100000": ("list.xlsx", bombs.many_rows(100_000)),
        "cell_1mb": ("list.xlsx", bombs.big_cell()),
        "columns_200": ("list.xlsx", bombs.many_columns(200)),
        "plain_1000": ("list.xlsx", bombs.plain_list(1000)),
    }


def main() -> None:
    wanted = set(sys.argv[1:])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "roadmap_site.settings", "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)
    print("file\tupload KB\tseconds\tMB before\tpeak MB\toutcome")
    with tempfile.TemporaryDirectory() as folder:
        env["DJANGO_DATA_DIR"] = folder
        for label, (name, data) in files().items():
            if wanted and label not in wanted:
                continue
            path = Path(folder) / label
            path.write_bytes(data)
            result = subprocess.run(
                [sys.executable, "-c", CHILD, name, str(path)],
                env=env,
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
            )
            line = result.stdout.strip() or f"-\t-\t-\tfailed: {result.stderr.strip().splitlines()[-1:]}"
            print(f"{label}\t{len(data) / 1024:.0f}\t{line}", flush=True)


if __name__ == "__main__":
    main()
