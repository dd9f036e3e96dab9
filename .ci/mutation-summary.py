#!/usr/bin/env python3
"""Turns Stryker.NET's JSON report (mutation-testing-elements schema) into Markdown: the score per file and overall,
and every mutant that survived or was never covered, with its line and its replacement.

    python3 .ci/mutation-summary.py StrykerOutput/<run>/reports/mutation-report.json [--markdown FILE] [--under DIR ...]

The score is Stryker's: detected (killed, timeout) over valid mutants (detected, survived, no coverage); mutants
ignored (by the mutate globs or a `// Stryker disable` comment with its reason) and compile errors do not count.
--under keeps only files whose path contains one of the given folders (e.g. Conditions/ Evaluation/PolicyEvaluator.cs).
Exits 2 when the report cannot be read.
"""
import argparse
import json
import sys

DETECTED = {"Killed", "Timeout"}
UNDETECTED = {"Survived", "NoCoverage"}


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read the Stryker report: {e}", file=sys.stderr)
        sys.exit(2)
    if not isinstance(report.get("files"), dict):
        print(f"{path}: not a Stryker JSON report (no \"files\" object)", file=sys.stderr)
        sys.exit(2)
    return report


def short(path, root):
    if root and path.startswith(root):
        path = path[len(root):]
    return path.lstrip("/\\").replace("\\", "/")


def counts(mutants):
    c = {"killed": 0, "timeout": 0, "survived": 0, "nocoverage": 0, "ignored": 0, "compile": 0}
    for m in mutants:
        s = m.get("status")
        if s == "Killed":
            c["killed"] += 1
        elif s == "Timeout":
            c["timeout"] += 1
        elif s == "Survived":
            c["survived"] += 1
        elif s == "NoCoverage":
            c["nocoverage"] += 1
        elif s == "Ignored":
            c["ignored"] += 1
        elif s in ("CompileError", "RuntimeError"):
            c["compile"] += 1
    return c


def score(c):
    valid = c["killed"] + c["timeout"] + c["survived"] + c["nocoverage"]
    return None if valid == 0 else 100.0 * (c["killed"] + c["timeout"]) / valid


def fmt(s):
    return "n/a" if s is None else f"{s:.1f}%"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ").replace("`", "'")


def summarize(report, under):
    root = report.get("projectRoot", "")
    files = {}
    for path, f in report["files"].items():
        name = short(path, root)
        if under and not any(u in name for u in under):
            continue
        files[name] = f.get("mutants", [])
    lines = ["## Mutation score (Stryker.NET)", ""]
    total = counts([m for ms in files.values() for m in ms])
    lines.append(f"**{fmt(score(total))}** overall: {total['killed']} killed, {total['timeout']} timeout, "
                 f"{total['survived']} survived, {total['nocoverage']} no coverage "
                 f"({total['ignored']} ignored, {total['compile']} compile errors).")
    lines += ["", "| file | score | killed | timeout | survived | no coverage | ignored |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in sorted(files):
        c = counts(files[name])
        if score(c) is None and c["ignored"] == 0:
            continue
        lines.append(f"| `{name}` | {fmt(score(c))} | {c['killed']} | {c['timeout']} | {c['survived']} | "
                     f"{c['nocoverage']} | {c['ignored']} |")
    survivors = []
    for name in sorted(files):
        for m in sorted(files[name], key=lambda m: (m["location"]["start"]["line"], m["location"]["start"]["column"])):
            if m.get("status") in UNDETECTED:
                start = m["location"]["start"]
                survivors.append(f"| `{name}:{start['line']}:{start['column']}` | {m.get('status')} | "
                                 f"{cell(m.get('mutatorName', ''))} | `{cell(m.get('replacement', ''))[:120]}` |")
    lines += ["", f"### Survivors and uncovered mutants ({len(survivors)})", ""]
    if survivors:
        lines += ["| where | status | mutator | replacement |", "| --- | --- | --- | --- |"] + survivors
    else:
        lines.append("None: every mutant is killed, timed out or ignored with a reason.")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--markdown", help="also write the Markdown to this file (e.g. $GITHUB_STEP_SUMMARY, appended)")
    parser.add_argument("--under", nargs="*", default=[], help="only files whose path contains one of these")
    args = parser.parse_args()
    text = summarize(load(args.report), args.under)
    print(text, end="")
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
