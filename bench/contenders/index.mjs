// Every contender of a run. `family` groups a logger's contenders with its
// floor; `role` says what a contender is compared as.
export const CONTENDERS = [
  { id: 'pino-floor', label: 'pino → pino/file /dev/null (floor)',
    family: 'pino', role: 'floor', module: './pino-floor.mjs' },
  { id: 'lokits-pino', label: '@lokits/pino',
    family: 'pino', role: 'ours', module: './lokits-pino.mjs' },
  { id: 'pino-loki', label: 'pino-loki (default)',
    family: 'pino', role: 'competitor', module: './pino-loki.mjs' },
  { id: 'pino-loki-tuned', label: 'pino-loki (tuned)',
    family: 'pino', role: 'competitor', module: './pino-loki.mjs',
    tuned: true },
  { id: 'winston-floor', label: 'winston → callback only (floor)',
    family: 'winston', role: 'floor', module: './winston-floor.mjs' },
  { id: 'lokits-winston', label: '@lokits/winston',
    family: 'winston', role: 'ours', module: './lokits-winston.mjs' },
  { id: 'winston-loki', label: 'winston-loki (default)',
    family: 'winston', role: 'competitor', module: './winston-loki.mjs' },
  { id: 'winston-loki-tuned', label: 'winston-loki (tuned)',
    family: 'winston', role: 'competitor', module: './winston-loki.mjs',
    tuned: true },
]

export function contender (id) {
  const found = CONTENDERS.find((c) => c.id === id)
  if (found === undefined) throw new Error(`unknown contender: ${id}`)
  return found
}

/** Loads a contender's module; resolves with its logger. */
export async function createContender (entry, url, scenario) {
  const { create } = await import(new URL(entry.module, import.meta.url).href)
  return create({ url, tuned: entry.tuned === true, scenario })
}
