// The shape of cloudfunctions/collections.json (read by the emulator and by the cloud deploy script) and
// of the fault injection settings.

export type IndexDirection = 1 | -1

export interface IndexSpec {
  /** Unique within its collection. */
  name: string
  /** Compound key, in order: [field path, 1 | -1]. Dot paths reach into sub-documents and arrays. */
  keys: Array<[string, IndexDirection]>
  /** Refuse a second document with the same key (missing fields count as null, as in MongoDB). */
  unique?: boolean
}

export interface CollectionSpec {
  indexes?: IndexSpec[]
}

export interface CollectionsConfig {
  collections: Record<string, CollectionSpec>
  /** Free-form keys such as "$comment" are allowed beside `collections`. */
  [extra: string]: unknown
}

/**
 * Injected faults, for testing retries and idempotency. Rates are probabilities in [0, 1], drawn from a
 * seeded generator so a run is repeatable.
 */
export interface FaultConfig {
  /** Transactional operations (requests carrying a transactionId) and commits fail with DATABASE_TRANSACTION_CONFLICT; rollbacks never do. */
  conflictRate?: number
  /** The request is not applied and is answered with `{ code: 'SYS_ERR' }` (the SDK throws it). */
  errorRate?: number
  /** The request is applied (and made durable), then the connection is destroyed without a reply. */
  dropReplyRate?: number
  /** Every matching request waits this long before it is handled. */
  delayMs?: number
  /** Action-name prefixes the faults apply to; default every `database.` action. */
  actions?: string[]
  /** PRNG seed; default 1. */
  seed?: number
}

/** Checks the parsed collections.json and returns it typed; throws with the offending path otherwise. */
export function validateCollectionsConfig(raw: unknown): CollectionsConfig {
  const fail = (msg: string): never => {
    throw new Error(`collections config: ${msg}`)
  }
  if (!raw || typeof raw !== 'object') fail('not an object')
  const collections = (raw as { collections?: unknown }).collections
  if (!collections || typeof collections !== 'object' || Array.isArray(collections)) fail('`collections` must be an object')
  for (const [name, spec] of Object.entries(collections as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) fail(`bad collection name ${JSON.stringify(name)}`)
    if (spec === null || typeof spec !== 'object') fail(`${name}: must be an object`)
    const indexes = (spec as CollectionSpec).indexes ?? []
    if (!Array.isArray(indexes)) fail(`${name}.indexes must be an array`)
    const seen = new Set<string>()
    for (const ix of indexes) {
      if (!ix || typeof ix.name !== 'string' || !ix.name) fail(`${name}: index without a name`)
      if (seen.has(ix.name)) fail(`${name}: duplicate index name ${ix.name}`)
      seen.add(ix.name)
      if (!Array.isArray(ix.keys) || ix.keys.length === 0) fail(`${name}.${ix.name}: keys must be a non-empty array`)
      for (const k of ix.keys) {
        if (!Array.isArray(k) || typeof k[0] !== 'string' || !k[0] || (k[1] !== 1 && k[1] !== -1)) {
          fail(`${name}.${ix.name}: each key must be [field, 1 | -1], got ${JSON.stringify(k)}`)
        }
        if (k[0].startsWith('$')) fail(`${name}.${ix.name}: field ${k[0]} may not start with $`)
      }
    }
  }
  return raw as CollectionsConfig
}
