#!/usr/bin/env python3
"""The Docker build context of deploy/docker/Dockerfile, without Docker: the repository's files minus what
.dockerignore excludes (Docker's rules: patterns relative to the root, `**` for any number of folders, a
pattern that matches a folder excludes everything in it, `!` re-includes, the last matching line wins).

  python3 deploy/docker/context.py list        print the files that `docker build .` would send
  python3 deploy/docker/context.py copy DIR    copy them into DIR (deploy/local/run.sh builds from there,
                                               exactly as the image's build stage does)
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _to_regex(pattern: str) -> re.Pattern:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    # A match on a folder covers everything inside it.
    return re.compile(out + "(?:/.*)?")


def rules() -> list[tuple[bool, re.Pattern]]:
    parsed = []
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        pattern = line[1:] if include else line
        parsed.append((include, _to_regex(pattern.strip("/").removeprefix("./"))))
    return parsed


def repository_files() -> list[str]:
    """Every file under the root, as `docker build .` sees the folder (folders that .dockerignore excludes
    whole, such as .git and node_modules, are not walked)."""

    skipped = {".git", "node_modules", "bin", "obj", ".test-services", ".local-deploy"}
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in skipped]
        for name in filenames:
            found.append(str((Path(dirpath) / name).relative_to(ROOT)))
    return sorted(found)


def context_files() -> list[str]:
    parsed = rules()
    kept = []
    for path in repository_files():
        excluded = False
        for include, regex in parsed:
            if regex.fullmatch(path):
                excluded = not include
        if not excluded:
            kept.append(path)
    return kept


def main() -> int:
    if len(sys.argv) >= 2 and sys.argv[1] == "list":
        print("\n".join(context_files()))
        return 0
    if len(sys.argv) == 3 and sys.argv[1] == "copy":
        target = Path(sys.argv[2])
        if target.exists():
            shutil.rmtree(target)
        files = context_files()
        for f in files:
            (target / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, target / f)
        print(f"context.py: {len(files)} files in {target}")
        return 0
    print(__doc__, file=sys.stderr)
    return 64

if __name__ == "__main__":
    sys.exit(main())
