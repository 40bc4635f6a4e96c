/** The bundle-size section of RESULTS.md, from sizes.json. */
const kb = (bytes) => (bytes / 1000).toFixed(1)

export function sizesTable({ measuredAt, esbuild, results }) {
  const parley = results.find((r) => r.id === 'parley')
  const met = parley.js.gzip <= 50_000
  return [
    '## Bundle size of a full chat screen',
    '',
    `Command: \`pnpm bench:sizes\`. esbuild ${esbuild}, minified, gzip -9, React and react-dom`,
    `external; measured ${measuredAt}. Entries are in benchmarks/screens/.`,
    '',
    '| entry | JS min + gzip (kB) | JS min (kB) | CSS min + gzip (kB) | JS gz ratio to Parley |',
    '| --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.label} | ${kb(r.js.gzip)} | ${kb(r.js.min)} | ${kb(r.css.gzip)} | ×${(r.js.gzip / parley.js.gzip).toFixed(2)} |`,
    ),
    '',
    `- ${met ? '✅' : '❌'} Whole kit for a chat screen (our code + react-virtuoso + TanStack Query +`,
    `  zustand) ≤ 50 kB gz: ${kb(parley.js.gzip)} kB JS (×${(parley.js.gzip / 50_000).toFixed(2)} of the budget) + ${kb(parley.css.gzip)} kB CSS.`,
    '',
  ]
}
