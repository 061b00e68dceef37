// CommonJS in both builds, so that `__dirname` names the folder of the
// build (ESM or CommonJS) that loaded it: the delivery worker's file is
// found beside the code that starts it.
import { join } from 'node:path'

/** The path of `name` in the folder of this build's files. */
export function inBuild (name: string): string {
  return join(__dirname, name)
}
