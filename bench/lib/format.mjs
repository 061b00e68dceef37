// Number formats of the report.

export function count (n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–'
}

export function fixed (n, digits = 1) {
  return Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits,
      maximumFractionDigits: digits })
    : '–'
}

export function ratio (n) {
  return Number.isFinite(n) ? `${fixed(n, 2)}×` : '–'
}

/** A markdown table from a header row and body rows of strings. */
export function table (header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)]
    .join('\n')
}
