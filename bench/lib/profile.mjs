// Reads the .cpuprofile files that `--cpu-prof` wrote (one per thread)
// and lists the functions with the most self time in each.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export function summarizeProfiles (dir, top = 15) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .map((name) => ({ file: join(dir, name),
      ...summarize(JSON.parse(readFileSync(join(dir, name), 'utf8')), top) }))
}

function summarize (profile, top) {
  // Samples are taken at intervals; timeDeltas[i] is the time before the
  // i-th sample, charged to the function on top of the stack.
  const selfUs = new Map()
  const packageUs = new Map()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  let totalUs = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    totalUs += delta
    const { callFrame } = byId.get(id)
    const key = frameName(callFrame)
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta)
    const where = packageOf(callFrame)
    packageUs.set(where, (packageUs.get(where) ?? 0) + delta)
  })
  const functions = [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }))
  const packages = [...packageUs]
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }))
  return { totalMs: totalUs / 1000, functions, packages }
}

function frameName ({ functionName, url, lineNumber }) {
  const file = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/')
  const where = file === '' ? '' : ` ${file}:${lineNumber + 1}`
  return `${functionName || '(anonymous)'}${where}`
}

// Where a function comes from: an npm package, one of ours, Node.js, or
// the engine's own entries ((garbage collector), (idle), (program)).
function packageOf ({ functionName, url }) {
  if (url === '') return functionName.startsWith('(') ? functionName : 'v8'
  const ours = url.match(/\/packages\/([^/]+)\//)
  if (ours !== null && !url.includes('node_modules')) {
    return `@lokits/${ours[1]}`
  }
  // The last node_modules/<package>/ of the path names the package.
  const dep = url.match(
    /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/)
  if (dep !== null) return dep[1]
  if (url.startsWith('node:')) return 'node'
  return 'bench'
}
