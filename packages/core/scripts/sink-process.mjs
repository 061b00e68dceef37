// Starts an HTTP server in a child process that answers every request 204
// after reading its body, without decoding it: a stand-in for a Loki that
// keeps up, so that a measurement sees the client's costs alone.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'

const SERVER = `
const server = require('node:http').createServer((req, res) => {
  req.resume()
  req.on('end', () => { res.statusCode = 204; res.end() })
})
server.listen(0, '127.0.0.1', () =>
  console.log('http://127.0.0.1:' + server.address().port))
process.stdin.on('end', () => process.exit(0)).resume()
`

export async function startSinkProcess () {
  const child = spawn(process.execPath, ['-e', SERVER],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const [url] = await once(lines, 'line')
  return {
    url,
    async stop () {
      child.stdin.end()
      await once(child, 'exit')
    },
  }
}
