// A horizontal bar chart as a standalone SVG, written by hand so that the
// report needs no charting dependency. One panel per metric, one bar per
// contender, coloured by role.

const COLORS = { ours: '#2f6fdb', competitor: '#e08a2c', floor: '#9a9a9a' }
const WIDTH = 860
const LABEL_WIDTH = 250
const VALUE_WIDTH = 90
const ROW_HEIGHT = 22
const PANEL_GAP = 28
const TITLE_HEIGHT = 26

function escape (text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function panel (top, { title, rows, format }) {
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
  const max = Math.max(...rows.map((r) => r.value).filter(Number.isFinite), 1)
  const parts = [`<text x="10" y="${top + 17}" class="title">` +
    `${escape(title)}</text>`]
  rows.forEach((row, i) => {
    const y = top + TITLE_HEIGHT + i * ROW_HEIGHT
    const value = Number.isFinite(row.value) ? row.value : 0
    const width = Math.max(1, value / max * barSpace)
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" class="label">` +
        `${escape(row.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${width.toFixed(1)}" ` +
        `height="${ROW_HEIGHT - 6}" fill="${COLORS[row.role]}"/>`,
      `<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}" class="value">` +
        `${escape(format(row.value))}</text>`)
  })
  return parts
}

/** `panels`: `[{ title, rows: [{ label, role, value }], format }]` */
export function barChart (panels, caption) {
  const parts = []
  let top = 0
  for (const p of panels) {
    parts.push(...panel(top, p))
    top += TITLE_HEIGHT + p.rows.length * ROW_HEIGHT + PANEL_GAP
  }
  const legend = Object.entries(COLORS).map(([role, color], i) =>
    `<rect x="${10 + i * 140}" y="${top}" width="12" height="12" ` +
    `fill="${color}"/><text x="${28 + i * 140}" y="${top + 11}" ` +
    `class="value">${role}</text>`)
  const height = top + 40
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" ` +
      `height="${height}" viewBox="0 0 ${WIDTH} ${height}" ` +
      'font-family="sans-serif">',
    '<style>.title{font-size:14px;font-weight:bold}' +
      '.label{font-size:12px;text-anchor:end}.value{font-size:12px}' +
      '.caption{font-size:11px;fill:#555}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts,
    ...legend,
    `<text x="10" y="${top + 32}" class="caption">${escape(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n')
}
