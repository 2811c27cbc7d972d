// Lint many BPMN files with bpmnlint's API in one Node process; print one JSON line per file:
// {"file", "error"?, "reports": [{"rule", "id", "message"}]}. Used by bpmnlint_parity.py.
// Usage: node bpmnlint_lint.cjs NODE_MODULES_DIR CONFIG_NAME < list-of-files
const path = require('path');
const fs = require('fs');
const modules = process.argv[2];
const config = process.argv[3] || 'bpmnlint:all';
const { Linter } = require(path.join(modules, 'bpmnlint'));
const NodeResolver = require(path.join(modules, 'bpmnlint/lib/resolver/node-resolver'));
const moddlePackage = require(path.join(modules, 'bpmn-moddle/dist/index.cjs'));
const BpmnModdle = moddlePackage.default || moddlePackage;

async function main() {
  const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
  for (const file of files) {
    // A fresh linter per file: some rules keep state in their closure (no-duplicate-sequence-
    // flows), which would leak from one file into the next, as in bpmnlint's CLI with many files.
    const linter = new Linter({ config: { extends: config }, resolver: new NodeResolver() });
    const out = { file, reports: [] };
    try {
      const moddle = new BpmnModdle();
      const { rootElement } = await moddle.fromXML(fs.readFileSync(file, 'utf8'));
      const results = await linter.lint(rootElement);
      for (const [rule, reports] of Object.entries(results)) {
        for (const r of reports) {
          out.reports.push({ rule, id: r.id || null, message: r.message });
        }
      }
    } catch (e) {
      out.error = String(e && e.message || e).slice(0, 200);
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
}
main();
