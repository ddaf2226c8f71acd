// Fault injection with a seeded generator, so a failing run can be replayed exactly.
import type { FaultConfig } from './config'

/** mulberry32: small, fast, good enough for test decisions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FaultDecision {
  delayMs: number
  error: boolean
  conflict: boolean
  dropReply: boolean
}

export const NO_FAULT: FaultDecision = { delayMs: 0, error: false, conflict: false, dropReply: false }

export class Faults {
  private config: FaultConfig | undefined
  private random: () => number = prng(1)
  /** How many of each fault were injected, for tests. */
  injected = { error: 0, conflict: 0, dropReply: 0, delayed: 0 }

  constructor(config?: FaultConfig) {
    this.set(config)
  }

  set(config: FaultConfig | undefined): void {
    for (const k of ['conflictRate', 'errorRate', 'dropReplyRate'] as const) {
      const v = config?.[k]
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) throw new Error(`faults.${k} must be a number in [0, 1]`)
    }
    this.config = config
    this.random = prng(config?.seed ?? 1)
    this.injected = { error: 0, conflict: 0, dropReply: 0, delayed: 0 }
  }

  get current(): FaultConfig | undefined {
    return this.config
  }

  /**
   * Decides the faults of one request. Three draws are made for every matching request whatever the
   * rates, so the sequence of decisions depends only on the seed and the order of requests.
   */
  decide(action: string, transactional: boolean): FaultDecision {
    const c = this.config
    if (!c) return NO_FAULT
    const prefixes = c.actions && c.actions.length ? c.actions : ['database.']
    if (!prefixes.some((p) => action.startsWith(p))) return NO_FAULT
    const rError = this.random()
    const rConflict = this.random()
    const rDrop = this.random()
    const d: FaultDecision = {
      delayMs: c.delayMs ?? 0,
      error: rError < (c.errorRate ?? 0),
      conflict: transactional && rConflict < (c.conflictRate ?? 0),
      dropReply: rDrop < (c.dropReplyRate ?? 0),
    }
    if (d.error) this.injected.error++
    else if (d.conflict) this.injected.conflict++
    else if (d.dropReply) this.injected.dropReply++
    if (d.delayMs > 0) this.injected.delayed++
    return d
  }
}
