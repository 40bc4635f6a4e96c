/** Small SVG charts, written by the script (no charting library): lines over N, and CDFs. */
const WIDTH = 680
const HEIGHT = 360
const M = { left: 64, right: 210, top: 36, bottom: 48 }
export const COLORS = {
  virtuoso: '#6b7280',
  naive: '#d97706',
  chatscope: '#7c3aed',
  stream: '#dc2626',
  'parley-list': '#2563eb',
  'parley-client': '#059669',
}

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

function scale(min, max, from, to, log) {
  const f = log ? Math.log10 : (v) => v
  const [a, b] = [f(min), f(max)]
  return (v) => from + ((f(v) - a) / (b - a || 1)) * (to - from)
}

function ticks(min, max, log) {
  if (log) {
    const out = []
    // 1, 2, 5 of each decade when there are few decades, so that a reader can place a value.
    const steps = Math.log10(max / min) <= 2 ? [1, 2, 5] : [1]
    for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++)
      for (const k of steps) out.push(k * 10 ** p)
    return out.filter((v) => v >= min * 0.999 && v <= max * 1.001)
  }
  const step = 10 ** Math.floor(Math.log10((max - min) / 4 || 1))
  const nice = [1, 2, 5, 10].map((k) => k * step).find((s) => (max - min) / s <= 6) ?? step * 10
  const out = []
  for (let v = Math.ceil(min / nice) * nice; v <= max + 1e-9; v += nice) out.push(v)
  return out
}

const label = (v) => (v >= 1000 ? `${v / 1000}k` : String(Math.round(v * 100) / 100))

/**
 * `series`: [{ name, color, points: [[x, y]] }]; points with a null y are left out (the line
 * breaks there). `step` draws a staircase (for distributions).
 */
export function chart({
  title,
  xLabel,
  yLabel,
  series,
  logX = false,
  logY = false,
  step = false,
  xs,
}) {
  const points = series.flatMap((s) => s.points.filter(([, y]) => y != null))
  if (points.length === 0) return undefined
  const xValues = xs ?? points.map(([x]) => x)
  let [xMin, xMax] = [Math.min(...xValues), Math.max(...xValues)]
  let [yMin, yMax] = [
    logY ? Math.min(...points.map(([, y]) => y)) : 0,
    Math.max(...points.map(([, y]) => y)),
  ]
  if (logY)
    [yMin, yMax] = [
      10 ** Math.floor(Math.log10(Math.max(yMin, 1e-3))),
      10 ** Math.ceil(Math.log10(yMax)),
    ]
  else yMax = yMax * 1.08 || 1
  if (xMin === xMax) [xMin, xMax] = [xMin * 0.9, xMax * 1.1 || 1]
  const sx = scale(xMin, xMax, M.left, WIDTH - M.right, logX)
  const sy = scale(yMin, yMax, HEIGHT - M.bottom, M.top, logY)
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="600">${escape(title)}</text>`,
  ]
  for (const t of ticks(yMin, yMax, logY))
    parts.push(
      `<line x1="${M.left}" x2="${WIDTH - M.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e7eb"/>`,
      `<text x="${M.left - 6}" y="${sy(t) + 4}" text-anchor="end" fill="#374151">${label(t)}</text>`,
    )
  for (const t of xs ?? ticks(xMin, xMax, logX))
    parts.push(
      `<text x="${sx(t)}" y="${HEIGHT - M.bottom + 18}" text-anchor="middle" fill="#374151">${label(t)}</text>`,
    )
  parts.push(
    `<text x="${(M.left + WIDTH - M.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escape(xLabel)}</text>`,
    `<text transform="translate(16 ${(M.top + HEIGHT - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${WIDTH - M.left - M.right}" height="${HEIGHT - M.top - M.bottom}" fill="none" stroke="#9ca3af"/>`,
  )
  series.forEach((s, index) => {
    const shown = s.points.filter(([, y]) => y != null)
    if (shown.length > 0) {
      let path = ''
      shown.forEach(([x, y], k) => {
        if (k > 0 && step) path += ` H${sx(x).toFixed(1)}`
        path += `${k === 0 ? 'M' : ' L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`
      })
      parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`)
      if (!step)
        for (const [x, y] of shown)
          parts.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${s.color}"/>`)
    }
    const ly = M.top + 8 + index * 18
    parts.push(
      `<line x1="${WIDTH - M.right + 12}" x2="${WIDTH - M.right + 30}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="3"/>`,
      `<text x="${WIDTH - M.right + 36}" y="${ly + 4}">${escape(s.name)}${shown.length === 0 ? ' (none)' : ''}</text>`,
    )
  })
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}

/**
 * The distribution of latencies as a CDF over all `sent` messages: x the latency, y the share of
 * the messages sent that were on screen that soon (a list that never showed some stays below 1).
 */
export function cdfPoints(latencies, sent) {
  const sorted = [...latencies].sort((a, b) => a - b)
  return sorted.map((v, i) => [Math.max(v, 0.5), (i + 1) / Math.max(sent, sorted.length)])
}
