import { backoffDelay } from './backoff.js'
import { splitBatch, type Batch } from './batch.js'
import type { DropReason } from './errors.js'
import type { Encoding, RetryInfo } from './options.js'
import { encodeBody, type PushBody } from './push-body.js'
import type { PushOutcome } from './push-outcome.js'
import type { QueuedEntry } from './queued-entry.js'

/** What the delivery loop needs from its client. */
export interface DeliveryContext {
  readonly encoding: Encoding
  readonly gzip: boolean
  readonly maxAttempts: number
  readonly minDelayMs: number
  readonly maxDelayMs: number
  readonly maxRetryAfterMs: number
  readonly maxRejectedProbes: number
  readonly random: () => number
  send(body: PushBody, batch: Batch): Promise<PushOutcome>
  /** Waits `ms`; resolves false when shutdown cut the wait short. */
  sleep(ms: number): Promise<boolean>
  /** True once the close deadline passed: nothing more is attempted. */
  stopped(): boolean
  sent(batch: Batch, status: number): void
  dropped(
    entries: readonly QueuedEntry[],
    reason: DropReason,
    outcome: PushOutcome | undefined,
  ): void
  retrying(info: RetryInfo): void
}

/** Requests left for finding which entries of a 400 Loki refused. */
interface ProbeBudget {
  left: number
}

/**
 * Delivers one batch: encodes it once (unless it comes `encoded`), then
 * pushes, retrying with backoff
 * and splitting as the outcomes say, until every entry is sent or dropped
 * with a reason. Never throws.
 */
export function deliver (
  batch: Batch, ctx: DeliveryContext,
  encoded: Promise<PushBody> | undefined,
): Promise<void> {
  return deliverPart(batch, ctx, { left: ctx.maxRejectedProbes }, encoded)
}

async function deliverPart (
  batch: Batch, ctx: DeliveryContext, probes: ProbeBudget,
  encoded = encodeBody(batch.streams, ctx.encoding, ctx.gzip),
): Promise<void> {
  let body: PushBody
  try {
    body = await encoded
  } catch {
    ctx.dropped(batch.entries, 'invalid', undefined)
    return
  }
  for (let attempt = 1; ; attempt++) {
    if (ctx.stopped()) {
      ctx.dropped(batch.entries, 'shutdown', undefined)
      return
    }
    const outcome = await ctx.send(body, batch)
    switch (outcome.kind) {
      case 'sent':
        ctx.sent(batch, outcome.status)
        return
      case 'dropped':
        if (isPartialRejection(outcome) && batch.entries.length > 1 &&
            probes.left >= 2) {
          await probeRejected(batch, ctx, probes)
        } else {
          ctx.dropped(batch.entries, outcome.reason, outcome)
        }
        return
      case 'split':
        await split(batch, outcome, ctx, probes)
        return
      case 'retry': {
        if (attempt >= ctx.maxAttempts) {
          ctx.dropped(batch.entries, 'max_retries', outcome)
          return
        }
        const delayMs = outcome.retryAfterMs === undefined
          ? backoffDelay(attempt, ctx.minDelayMs, ctx.maxDelayMs, ctx.random)
          : Math.min(outcome.retryAfterMs, ctx.maxRetryAfterMs)
        ctx.retrying({
          attempt,
          delayMs,
          status: outcome.status,
          error: outcome.error,
          entries: batch.entries.length,
          tenant: batch.tenant,
        })
        if (!(await ctx.sleep(delayMs))) {
          ctx.dropped(batch.entries, 'shutdown', outcome)
          return
        }
      }
    }
  }
}

async function split (
  batch: Batch, outcome: PushOutcome, ctx: DeliveryContext,
  probes: ProbeBudget,
): Promise<void> {
  // One entry that is still too large can only be dropped.
  if (batch.entries.length === 1) {
    ctx.dropped(batch.entries, 'too_large', outcome)
    return
  }
  await deliverHalves(batch, ctx, probes)
}

/** A 400: Loki stored the valid entries and refused the others. */
function isPartialRejection (outcome: PushOutcome): boolean {
  return outcome.kind === 'dropped' && outcome.reason === 'rejected' &&
    outcome.status === 400
}

/**
 * Finds the entries of a 400 that Loki refused by sending each half of
 * the batch again, until every refused entry stands alone and is dropped
 * with Loki's answer. Resending what Loki already stored is safe: every
 * timestamp was fixed at push, so its de-duplication keeps one of each.
 */
async function probeRejected (
  batch: Batch, ctx: DeliveryContext, probes: ProbeBudget,
): Promise<void> {
  probes.left -= 2
  await deliverHalves(batch, ctx, probes)
}

async function deliverHalves (
  batch: Batch, ctx: DeliveryContext, probes: ProbeBudget,
): Promise<void> {
  for (const half of splitBatch(batch, ctx.encoding)) {
    await deliverPart(half, ctx, probes)
  }
}
