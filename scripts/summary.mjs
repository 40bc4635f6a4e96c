// Totals every suite's results into the one closing line CI reads: "N passed, N failed".
// Test counts come from the runners' JSON reports; a stage that failed without a test report
// of its own (lint, typecheck, build, size…) counts as one failed check.
import { existsSync, readFileSync } from 'node:fs'

const stages = readFileSync('reports/stages.tsv', 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t'))
  .map(([name, code, seconds]) => ({ name, ok: code === '0', seconds: Number(seconds) }))

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined)
const suites = {}
for (const name of ['unit', 'browser', 'stories']) {
  const vitest = read(`reports/${name}.json`)
  if (vitest)
    suites[name] = {
      passed: vitest.numPassedTests,
      failed: vitest.numFailedTests,
      skipped: vitest.numPendingTests + vitest.numTodoTests,
    }
}
const e2e = read('reports/e2e.json')
if (e2e)
  suites.e2e = {
    passed: e2e.stats.expected,
    failed: e2e.stats.unexpected + e2e.stats.flaky,
    skipped: e2e.stats.skipped,
  }

let passed = 0
let failed = 0
let skipped = 0
console.log('\n━━ summary')
for (const stage of stages) {
  const suite = suites[stage.name]
  let detail = stage.ok ? 'ok' : 'FAILED'
  if (suite) {
    passed += suite.passed
    failed += suite.failed
    skipped += suite.skipped
    detail += ` — ${suite.passed} passed, ${suite.failed} failed`
  }
  // A runner that crashed, or failed outside any test, still fails the run.
  if (!stage.ok && (!suite || suite.failed === 0)) failed += 1
  console.log(`${stage.name.padEnd(22)} ${String(stage.seconds).padStart(4)} s  ${detail}`)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
