// The records every contender logs, built per call as a server builds its
// request log: the cost of making them is the same for every contender
// and is part of the floor.

import { filler } from './filler.mjs'

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
const STATUSES = [200, 200, 200, 201, 204, 304, 404, 500]
const STREAMS = 200
// A 4 KB line: the request log plus a body of this many characters.
const LARGE_BODY_CHARS = 3900

function requestFields (i) {
  return {
    req: {
      id: `req-${i}`,
      method: METHODS[i % METHODS.length],
      url: `/api/items/${i % 500}?page=${i % 7}`,
      remoteAddress: `10.0.${(i >> 8) & 255}.${i & 255}`,
    },
    res: { statusCode: STATUSES[i % STATUSES.length] },
    responseTime: (i % 97) + 0.25,
    seq: i,
  }
}

const MAKERS = {
  request: (i) => ({ msg: 'request completed', fields: requestFields(i) }),
  identical: () => ({ msg: 'cache miss for key user:42', fields: undefined }),
  streams: (i) => ({
    msg: 'request completed',
    fields: { shard: `s${i % STREAMS}`, ...requestFields(i) },
  }),
  large: (i) => ({
    msg: 'request completed',
    fields: { ...requestFields(i), body: filler(i, LARGE_BODY_CHARS) },
  }),
}

/** The record maker of a scenario: `(i) => { msg, fields }`. */
export function recordMaker (kind) {
  const make = MAKERS[kind]
  if (make === undefined) throw new Error(`unknown record kind: ${kind}`)
  return make
}
