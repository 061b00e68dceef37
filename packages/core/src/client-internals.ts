import type { DeliveryReport } from './delivery-report.js'

/**
 * What the delivery worker builds its client with. Not public API: the
 * worker's client reports to the application's thread, which counts and
 * calls the hooks.
 */
export interface ClientInternals {
  /** Where the sending side reports, instead of the client's own. */
  readonly report: DeliveryReport
}

/**
 * The method that queues an entry prepared in the application's thread
 * (its stream resolved, its timestamp fixed, its record written): the
 * delivery worker's way in, kept off the public API. The record is copied
 * into its lane's arena, or, when its slab is the lane's alone, queued
 * where it lies.
 */
export const enqueueRecord = Symbol('lokits.enqueueRecord')

/**
 * The method that tells which lane an entry of a tenant and stream joins
 * (an object compared by identity): the delivery worker keeps a handed-
 * over slab as it is when all its records join the same lane.
 */
export const laneOf = Symbol('lokits.laneOf')

/**
 * A getter, true while a batch is being encoded or pushed (a lane that
 * sleeps in a backoff does not count): the delivery worker tells the
 * application's thread whether it is busy for it.
 */
export const sending = Symbol('lokits.sending')
