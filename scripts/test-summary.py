#!/usr/bin/env python3
"""Per-project test counts and durations from the TRX files `dotnet test --report-xunit-trx` wrote.

usage: scripts/test-summary.py DIR   (prints one line per test project and a total; exit 0)
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(directory: str) -> None:
    rows = []
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.trx"), recursive=True)):
        root = ET.parse(path).getroot()
        unit = root.find(".//t:UnitTest", NS)
        project = os.path.splitext(os.path.basename(unit.get("storage")))[0] if unit is not None else os.path.basename(path)
        results = root.findall(".//t:UnitTestResult", NS)
        outcome = lambda o: sum(1 for r in results if r.get("outcome") == o)
        times = root.find("t:Times", NS)
        seconds = 0.0
        if times is not None and times.get("start") and times.get("finish"):
            seconds = (datetime.fromisoformat(times.get("finish")) - datetime.fromisoformat(times.get("start"))).total_seconds()
        rows.append((project, outcome("Passed"), outcome("Failed"), outcome("NotExecuted"), seconds))
    if not rows:
        print("test summary: no TRX results found in " + directory)
        return
    width = max(len(r[0]) for r in rows)
    print(f"{'project':<{width}}  passed  failed  skipped  duration")
    for project, passed, failed, skipped, seconds in rows:
        print(f"{project:<{width}}  {passed:>6}  {failed:>6}  {skipped:>7}  {seconds:>6.0f} s")
    print(f"{'total':<{width}}  {sum(r[1] for r in rows):>6}  {sum(r[2] for r in rows):>6}  {sum(r[3] for r in rows):>7}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "artifacts/test-results")
