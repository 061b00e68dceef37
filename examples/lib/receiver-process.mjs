// A testkit receiver in a process of its own, for withLoki(). Takes the
// receiver's options as JSON in its first argument, prints its URL, and
// when stdin ends prints the streams it stored as one JSON line.
import { startLokiReceiver } from '@lokits/testkit'

const receiver = await startLokiReceiver(JSON.parse(process.argv[2] ?? '{}'))
console.log(receiver.url)

process.stdin.on('end', async () => {
  const summary = { ...receiver.stats(), streams: receiver.streams() }
  await receiver.close()
  console.log(JSON.stringify(summary))
})
process.stdin.resume()
