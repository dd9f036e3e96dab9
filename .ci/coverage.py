#!/usr/bin/env python3
"""Reads the Cobertura reports that coverlet.collector wrote (one per test project), merges them, prints a coverage
table per project (line and branch), and fails when a project falls below its floor in .ci/coverage-floor.

Usage: python3 .ci/coverage.py [--floor .ci/coverage-floor] [--markdown OUT.md] [--detail TEXT] REPORT...

Merging: each test project instruments the same assemblies, so a line is counted once per project and file; it is
covered when any report covered it, and its branches covered are the most any one report covered (Cobertura keeps a
count per line, not which outcomes were taken, so this is a lower bound of the union). --detail TEXT also prints
every file whose path contains TEXT, with its uncovered lines and partly covered branches.
Exit codes: 0 at or above every floor, 1 below a floor, 2 when there is nothing to read.
"""
import argparse
import sys
import xml.etree.ElementTree as ElementTree
from collections import defaultdict


def read_reports(paths):
    """(project, file, line) -> [hits, branches covered, branches valid], the maximum over the reports."""
    lines = {}
    for path in paths:
        root = ElementTree.parse(path).getroot()
        for package in root.iter("package"):
            project = package.get("name")
            for cls in package.iter("class"):
                filename = cls.get("filename")
                for line in cls.iter("line"):
                    key = (project, filename, int(line.get("number")))
                    hits = int(line.get("hits", "0"))
                    covered, valid = 0, 0
                    if line.get("branch") == "True":
                        # condition-coverage="50% (1/2)"
                        fraction = line.get("condition-coverage", "0% (0/0)").split("(")[1].rstrip(")")
                        covered, valid = (int(n) for n in fraction.split("/"))
                    seen = lines.get(key)
                    if seen is None:
                        lines[key] = [hits, covered, valid]
                    else:
                        seen[0] = max(seen[0], hits)
                        seen[1] = max(seen[1], covered)
                        seen[2] = max(seen[2], valid)
    return lines


def totals(lines):
    """project -> [lines covered, lines valid, branches covered, branches valid]."""
    per_project = defaultdict(lambda: [0, 0, 0, 0])
    for (project, _, _), (hits, covered, valid) in lines.items():
        t = per_project[project]
        t[0] += 1 if hits > 0 else 0
        t[1] += 1
        t[2] += covered
        t[3] += valid
    return per_project


def percent(covered, valid):
    return 100.0 * covered / valid if valid else 100.0


def read_floor(path):
    """project -> (line %, branch %). Lines: '<project> <line %> <branch %>'; '#' starts a comment."""
    floors = {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            text = raw.split("#", 1)[0].strip()
            if not text:
                continue
            parts = text.split()
            if len(parts) != 3:
                sys.exit(f"{path}:{number}: expected '<project> <line %> <branch %>', found '{raw.strip()}'")
            floors[parts[0]] = (float(parts[1]), float(parts[2]))
    return floors


def detail(lines, text):
    by_file = defaultdict(list)
    for (project, filename, number), value in lines.items():
        if text in filename:
            by_file[filename].append((number, value))
    for filename in sorted(by_file):
        entries = sorted(by_file[filename])
        missed = [n for n, (hits, _, _) in entries if hits == 0]
        partial = [f"{n} ({c}/{v})" for n, (hits, c, v) in entries if v and c < v]
        line_covered = sum(1 for _, (hits, _, _) in entries if hits > 0)
        branch_covered = sum(c for _, (_, c, _) in entries)
        branch_valid = sum(v for _, (_, _, v) in entries)
        print(f"  {filename}: lines {line_covered}/{len(entries)}, branches {branch_covered}/{branch_valid}")
        if missed:
            print(f"    uncovered lines: {', '.join(map(str, missed))}")
        if partial:
            print(f"    partly covered branches: {', '.join(partial)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*")
    parser.add_argument("--floor", help="floor file: '<project> <line %%> <branch %%>' per line")
    parser.add_argument("--markdown", help="also write the table as Markdown to this file")
    parser.add_argument("--detail", help="print uncovered lines of files whose path contains this text")
    args = parser.parse_args()
    if not args.reports:
        print("coverage: no Cobertura report to read (was dotnet test run with --collect \"XPlat Code Coverage\"?)",
              file=sys.stderr)
        return 2

    lines = read_reports(args.reports)
    per_project = totals(lines)
    floors = read_floor(args.floor) if args.floor else {}

    rows = []
    failures = []
    for project in sorted(per_project):
        lc, lv, bc, bv = per_project[project]
        line_rate, branch_rate = percent(lc, lv), percent(bc, bv)
        floor = floors.get(project)
        verdict = ""
        if floor is not None:
            below = []
            if line_rate < floor[0]:
                below.append(f"line {line_rate:.2f}% < {floor[0]:g}%")
            if branch_rate < floor[1]:
                below.append(f"branch {branch_rate:.2f}% < {floor[1]:g}%")
            verdict = "BELOW FLOOR: " + ", ".join(below) if below else f"floor {floor[0]:g}% / {floor[1]:g}%: ok"
            failures.extend(f"{project} {b}" for b in below)
        rows.append((project, lc, lv, line_rate, bc, bv, branch_rate, verdict))
    for project in floors:
        if project not in per_project:
            failures.append(f"{project} has a floor but is in no report")

    print(f"== Coverage ({len(args.reports)} report(s) merged) ==")
    print(f"{'project':<26} {'lines':>11} {'line %':>7} {'branches':>11} {'branch %':>8}  floor")
    for project, lc, lv, lr, bc, bv, br, verdict in rows:
        print(f"{project:<26} {f'{lc}/{lv}':>11} {lr:>6.2f}% {f'{bc}/{bv}':>11} {br:>7.2f}%  {verdict}")
    if args.detail:
        detail(lines, args.detail)

    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write("| project | lines | line % | branches | branch % | floor |\n")
            out.write("| --- | ---: | ---: | ---: | ---: | --- |\n")
            for project, lc, lv, lr, bc, bv, br, verdict in rows:
                out.write(f"| {project} | {lc}/{lv} | {lr:.2f}% | {bc}/{bv} | {br:.2f}% | {verdict} |\n")

    for failure in failures:
        print(f"coverage: {failure} (see .ci/coverage-floor)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
