// Lints source texts with ESLint's Node API, in the workspace of the current directory; prints the
// messages as JSON. module-boundaries.spec.ts runs it as a child process for two reasons: ESLint loads
// eslint.config.mjs with a native dynamic import, which Jest's module sandbox does not support, and
// @nx/enforce-module-boundaries finds its workspace (and the cached project graph) from the
// process's working directory.
// stdin: [{ "filePath": "services/a/src/x.ts", "code": "..." }]; stdout: [{ filePath, messages }]
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { ESLint } = require('eslint');

async function main() {
  const cases = JSON.parse(readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  const results = [];
  for (const { filePath, code } of cases) {
    const [result] = await eslint.lintText(code, { filePath: path.resolve(filePath) });
    results.push({
      filePath,
      messages: result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })),
    });
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
