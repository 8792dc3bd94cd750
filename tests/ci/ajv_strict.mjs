// Compiles a JSON Schema with Ajv in strict mode, allowing only the non-standard
// keywords SchemaStore's own check allows (editor annotations), then validates
// instances against it. usage: node ajv_strict.mjs NPM_DIR SCHEMA.json [INSTANCE.json...]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [dir, schemaPath, ...instances] = process.argv.slice(2);
const req = createRequire(dir + "/");
const Ajv2020 = req("ajv/dist/2020").default;
const addFormats = req("ajv-formats").default;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
for (const k of ["allowTrailingCommas", "defaultSnippets", "deprecationMessage", "enumDescriptions",
  "markdownDescription", "markdownEnumDescriptions", "x-intellij-language-injection",
  "x-intellij-html-description", "x-intellij-enum-metadata", "x-taplo", "x-taplo-info"]) {
  ajv.addKeyword(k);
}
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.log(`${schemaPath}: ${e.message}`);
  process.exit(1);
}
let bad = 0;
for (const f of instances) {
  if (!validate(JSON.parse(readFileSync(f, "utf8")))) {
    console.log(`${f}: ${ajv.errorsText(validate.errors)}`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
