/**
 * The drops per reason told by a series of drop reports (`DROP_EVENT`
 * payloads): what is known of drops in pino's worker thread, where no
 * `onDrop` hook can run.
 */
export function sumReports (reports) {
  const drops = {}
  for (const { byReason } of reports) {
    for (const [reason, count] of Object.entries(byReason)) {
      drops[reason] = (drops[reason] ?? 0) + count
    }
  }
  return drops
}
