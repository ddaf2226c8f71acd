// The CloudBase emulator: the SDK's wire endpoint (POST /admin), storage bytes (GET/PUT /__cos/...),
// and an in-process API for seeding, tests and dev pages. The real @cloudbase/node-sdk runs against
// it unmodified (wire facts: /work/shared/design/platform.md and wire-captures/).
import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import path from 'node:path'
import { checkFieldNames, normalizeWire, parseWire, toWire } from './codec'
import type { CollectionsConfig, FaultConfig } from './config'
import { validateCollectionsConfig } from './config'
import { EmuError } from './errors'
import { Faults } from './faults'
import { Journal } from './journal'
import { OpenApi, type MsgSecChecker, type OpenApiCall, type OpenApiHandler } from './openapi'
import { checkCloudPath, contentTypeFor, Storage } from './storage'
import { copyOut, Store, type Change, type SideOp, type Stats } from './store'
import { Transactions } from './transactions'
import { applyUpdate, isOperatorUpdate, replaceDoc } from './update'
import { clone, isPlainObject, valuesEqual, type Doc, type Id, type SortSpec } from './values'

export interface EmulatorOptions {
  /** The durable store lives here (journal under db/, file bytes under storage/); created if missing. */
  dataDir: string
  /** Default 'local-env'. */
  envId?: string
  /** Parsed cloudfunctions/collections.json; declared collections always exist, with their indexes. */
  collections?: CollectionsConfig
  /** Base URL put in storage links, e.g. 'http://127.0.0.1:8080' (known only after listen). */
  publicUrl: () => string
  /** Clock for db.serverDate() and the open-API call log; default Date.now. */
  now?: () => number
  faults?: FaultConfig
  /** Backs functions.invokeFunction (tcb.callFunction from inside a function). */
  invokeFunction?: (name: string, data: unknown) => Promise<unknown>
  /** Journal size that triggers a snapshot and compaction; default 64 MiB. */
  compactAtBytes?: number
  /** Open transactions are aborted after this long; default 30 000 ms (the cloud's limit). */
  transactionTimeoutMs?: number
  /** Where warnings go (torn journal tail, emulator bugs); default console.warn. */
  log?: (line: string) => void
}

export interface FindOptionsIn {
  sort?: Record<string, 1 | -1 | 'asc' | 'desc'>
  skip?: number
  limit?: number
  projection?: Record<string, unknown>
}

export interface EmulatorStats extends Stats {
  faultsInjected: { error: number; conflict: number; dropReply: number; delayed: number }
  openTransactions: number
  /** Older document versions kept for the snapshot reads of open transactions. */
  versionsKept: number
  journalBytes: number
  compactions: number
}

export interface Emulator {
  readonly envId: string
  /** Handles POST /admin and GET/HEAD/PUT /__cos/<path>; false for any other URL. */
  handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>
  db: {
    get(collection: string, id: Id): any | null
    find(collection: string, query?: object, opts?: FindOptionsIn): any[]
    /** Inserts durably (synced before returning); all or nothing; throws DATABASE_DUPLICATE_WRITE / DATABASE_COLLECTION_NOT_EXIST. */
    insert(collection: string, docs: object[]): string[]
    count(collection: string, query?: object): number
    collections(): string[]
    /** Like the SDK's db.createCollection. */
    createCollection(name: string): void
  }
  storage: {
    put(path: string, bytes: Buffer, contentType?: string): string
    get(pathOrFileId: string): Buffer | null
    /** The temporary download URL the SDK's getTempFileURL would give. */
    url(pathOrFileId: string): string
  }
  openapi: {
    calls(filter?: { apiName?: string }): OpenApiCall[]
    /** Replaces the keyword checker of security.msgSecCheck (undefined restores it). */
    setChecker(checker?: MsgSecChecker): void
    /** Answers one wx.api apiName yourself (return undefined to fall through to the built-in stand-in). */
    setHandler(apiName: string, handler?: OpenApiHandler): void
    /** How long after a mediaCheckAsync call its verdict is pushed (negative: never by itself). */
    setPushDelay(ms: number): void
  }
  setFaults(f: FaultConfig | undefined): void
  stats(): EmulatorStats
  resetStats(): void
  /** Stops what the emulator would start by itself (mediaCheckAsync pushes) and waits for what is under way. */
  quiesce(): Promise<void>
  /** Flushes the journal and closes files; aborts open transactions. */
  close(): Promise<void>
}

const MAX_BODY = 50 * 1024 * 1024
const AGGREGATE_DEFAULT = 20
const AGGREGATE_MAX = 10_000
const MAX_FILE = 200 * 1024 * 1024

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new EmuError('INVALID_PARAM', `request body exceeds ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('close', () => {
      if (!req.complete) reject(new EmuError('INVALID_PARAM', 'the client went away before the request body ended'))
    })
  })
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

const newId = () => randomBytes(16).toString('hex')
const noServerDateInTxn = (): number => {
  throw new EmuError('DATABASE_REQUEST_FAILED', 'db.serverDate() cannot be used in a transaction')
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function asId(v: unknown, what = '_id'): Id {
  if (typeof v === 'string' && v) return v
  if (typeof v === 'number' && Number.isFinite(v)) return v
  throw new EmuError('INVALID_PARAM', `${what} must be a non-empty string or a number`)
}

function toSort(order: unknown): SortSpec | undefined {
  if (order === undefined || order === null) return undefined
  if (!isPlainObject(order)) throw new EmuError('INVALID_PARAM', 'order must be an object of field: 1 | -1')
  const out: SortSpec = []
  for (const [f, d] of Object.entries(order)) {
    if (d === 1 || d === 'asc') out.push([f, 1])
    else if (d === -1 || d === 'desc') out.push([f, -1])
    else throw new EmuError('INVALID_PARAM', `order of ${f} must be 1 or -1`)
  }
  return out
}

function encodeSegments(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/')
}

export async function createEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const envId = opts.envId ?? 'local-env'
  const now = opts.now ?? Date.now
  const log = opts.log ?? ((l: string) => console.warn(`[emulator] ${l}`))
  const config = opts.collections ? validateCollectionsConfig(opts.collections) : undefined

  const store = new Store(config)
  const storage = new Storage(opts.dataDir, envId)
  const openapi = new OpenApi()
  store.hooks = {
    sideState: (): SideOp[] => [
      ...[...storage.meta].map(([p, m]): SideOp => ({ o: 'f', p, ct: m.contentType, sz: m.size })),
      ...openapi.log.map((e): SideOp => ({ o: 'w', e })),
    ],
    applySide: (op) => {
      if (op.o === 'f') storage.meta.set(op.p, { contentType: op.ct, size: op.sz })
      else if (op.o === 'u') storage.meta.delete(op.p)
      else if (op.o === 'w') openapi.log.push(op.e as OpenApiCall)
    },
  }
  const journal = Journal.open(path.join(opts.dataDir, 'db'), opts.compactAtBytes ?? 64 * 1024 * 1024, {
    snapshot: (r) => store.replay(r),
    journal: (r) => store.replay(r),
    torn: (file, valid, total) => log(`${file}: ignored a torn record at its end (${total - valid} bytes after byte ${valid}); it was never acknowledged`),
  })
  store.journal = journal
  store.buildIndexes()
  journal.snapshotSource = () => store.snapshotRecords()

  const txns = new Transactions(store, opts.transactionTimeoutMs ?? 30_000)
  const faults = new Faults(opts.faults)
  let requestCounter = 0
  let closed = false

  // ---- request parsing helpers

  const queryOf = (body: any): Record<string, unknown> => {
    if (body.query === undefined || body.query === null || body.query === '') return {}
    const q = parseWire(body.query, 'query', now)
    if (!isPlainObject(q)) throw new EmuError('INVALID_PARAM', 'query must be an object')
    return q
  }
  const docIdOf = (q: Record<string, unknown>): Id => asId(q._id, 'query._id')
  const dataObject = (body: any): Record<string, unknown> => {
    const d = parseWire(body.data, 'data', now)
    if (!isPlainObject(d)) throw new EmuError('INVALID_PARAM', 'data must be an object')
    return d
  }
  const txnOf = (body: any) => (body.transactionId ? txns.get(body.transactionId) : undefined)
  const noWhereInTxn = (body: any) => {
    if (body.queryType !== 'DOC') {
      throw new EmuError('INVALID_PARAM', 'only single-document operations by _id (doc().get/update/set/remove, add) are allowed in a transaction; where() is not')
    }
  }
  /** New version of a document under an update request (operators, merge of plain fields, or replacement). */
  const updater = (data: Record<string, unknown>, merge: boolean) => {
    const hasOps = isOperatorUpdate(data)
    return (doc: Doc): Doc => {
      if (hasOps) return applyUpdate(doc, data)
      if (merge) return Object.keys(data).length ? applyUpdate(doc, { $set: data }) : doc
      const next = replaceDoc(doc._id, data)
      return valuesEqual(next, doc) ? doc : next
    }
  }
  /** The document an upsert creates: the replacement, or the update applied to {_id} plus the query's equality fields. */
  const upsertDoc = (id: Id, q: Record<string, unknown>, data: Record<string, unknown>): Doc => {
    if (!isOperatorUpdate(data)) return replaceDoc(id, data)
    const base: Doc = { _id: id }
    for (const [k, v] of Object.entries(q)) {
      if (!k.startsWith('$') && k !== '_id' && !k.includes('.') && !(isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) && !(v instanceof RegExp)) base[k] = clone(v)
    }
    return applyUpdate(base, data)
  }
  const prepareInsert = (raw: unknown): Doc => {
    if (!isPlainObject(raw)) throw new EmuError('INVALID_PARAM', 'each document must be an object')
    const { _id, ...rest } = raw
    checkFieldNames(rest)
    const id = _id === undefined || _id === null ? newId() : asId(_id)
    return { _id: id, ...clone(rest) }
  }
  const projectionOf = (body: any) => (body.projection ? parseWire(body.projection, 'projection', now) : undefined)

  // ---- actions

  type Handler = (body: any) => Promise<Record<string, unknown>> | Record<string, unknown>
  const actions: Record<string, Handler> = {
    'database.insertDocument': async (body) => {
      const coll = store.collection(body.collectionName)
      const raws: unknown[] = Array.isArray(body.data) ? body.data : [body.data]
      if (raws.length === 0) throw new EmuError('INVALID_PARAM', 'data must hold at least one document')
      const t = txnOf(body)
      // The cloud refuses db.serverDate() in a transactional add; the clock is asked only when one is there.
      const clock = t ? noServerDateInTxn : now
      const docs = raws.map((s) => prepareInsert(typeof s === 'string' ? parseWire(s, 'data', clock) : normalizeWire(s, clock)))
      const seen = new Set<Id>()
      for (const d of docs) {
        if (seen.has(d._id)) throw new EmuError('DATABASE_DUPLICATE_WRITE', `duplicate _id ${String(d._id)} in one insert`)
        seen.add(d._id)
      }
      if (t) {
        for (const d of docs) {
          if (txns.read(t, coll.name, d._id)) throw new EmuError('DATABASE_DUPLICATE_WRITE', `duplicate _id ${String(d._id)}`)
        }
        for (const d of docs) txns.claim(t, coll.name, d._id)
        for (const d of docs) txns.write(t, coll.name, d._id, d)
        return { data: { insertedIds: docs.map((d) => d._id) } }
      }
      for (const d of docs) {
        if (coll.docs.has(d._id)) throw new EmuError('DATABASE_DUPLICATE_WRITE', `duplicate _id ${String(d._id)}`)
      }
      await journal.whenDurable(store.commit(docs.map((d) => ({ c: coll.name, id: d._id, after: d }))))
      return { data: { insertedIds: docs.map((d) => d._id) } }
    },

    'database.getDocument': (body) => {
      const coll = store.collection(body.collectionName)
      const q = queryOf(body)
      const projection = projectionOf(body)
      const t = txnOf(body)
      if (t) {
        noWhereInTxn(body)
        const d = txns.read(t, coll.name, docIdOf(q))
        const list = d ? (projection ? store.projectDocs([d], projection) : [d]) : []
        return { data: { list: list.map(toWire) } }
      }
      if (body.queryType === 'DOC') {
        const list = store.find(coll.name, q, { limit: 1, projection })
        return { data: { list: list.map(toWire) } }
      }
      let limit = 100
      if (body.limit !== undefined && body.limit !== null) {
        if (!Number.isInteger(body.limit) || body.limit < 0) throw new EmuError('INVALID_PARAM', 'limit must be a non-negative integer')
        if (body.limit > 1000) throw new EmuError('INVALID_PARAM', 'limit must be at most 1000')
        if (body.limit > 0) limit = body.limit
      }
      let offset = 0
      if (body.offset !== undefined && body.offset !== null) {
        if (!Number.isInteger(body.offset) || body.offset < 0) throw new EmuError('INVALID_PARAM', 'offset must be a non-negative integer')
        offset = body.offset
      }
      const sort = body.order ? toSort(parseWire(body.order, 'order', now)) : undefined
      const list = store.find(coll.name, q, { sort, skip: offset, limit, projection })
      return { data: { list: list.map(toWire) }, limit, ...(offset ? { offset } : {}) }
    },

    'database.calculateDocument': (body) => {
      if (body.transactionId) throw new EmuError('INVALID_PARAM', 'count() is not allowed in a transaction')
      const coll = store.collection(body.collectionName)
      return { data: { total: store.count(coll.name, queryOf(body)) } }
    },

    'database.modifyDocument': async (body) => {
      const coll = store.collection(body.collectionName)
      const q = queryOf(body)
      const data = dataObject(body)
      const merge = body.merge !== false
      const upsert = body.upsert === true
      const next = updater(data, merge)
      const t = txnOf(body)
      if (t) {
        noWhereInTxn(body)
        const id = docIdOf(q)
        const cur = txns.read(t, coll.name, id)
        if (cur) {
          const n = next(cur)
          // A matched document counts as updated, changed or not (as the cloud answers).
          txns.claim(t, coll.name, id)
          if (n !== cur) txns.write(t, coll.name, id, n)
          return { data: { updated: 1 } }
        }
        if (!upsert) return { data: { updated: 0 } }
        txns.write(t, coll.name, id, upsertDoc(id, q, data))
        return { data: { updated: 0, upsert_id: id } }
      }
      const isDoc = body.queryType === 'DOC'
      const targets = store.find(coll.name, q, isDoc || body.multi === false ? { limit: 1 } : {})
      const changes: Change[] = []
      for (const d of targets) {
        const n = next(d)
        if (n !== d) changes.push({ c: coll.name, id: d._id, after: n })
      }
      let upsertId: Id | undefined
      if (targets.length === 0 && upsert) {
        upsertId = q._id !== undefined ? asId(q._id) : newId()
        changes.push({ c: coll.name, id: upsertId, after: upsertDoc(upsertId, q, data) })
      }
      if (changes.length) await journal.whenDurable(store.commit(changes))
      // Every matched document counts as updated, changed or not (as the cloud answers; MongoDB's
      // nModified would count only the changed ones).
      const updated = upsertId === undefined ? targets.length : 0
      return { data: upsertId === undefined ? { updated } : { updated, upsert_id: upsertId } }
    },

    'database.removeDocument': async (body) => {
      const coll = store.collection(body.collectionName)
      const q = queryOf(body)
      const t = txnOf(body)
      if (t) {
        noWhereInTxn(body)
        const id = docIdOf(q)
        const cur = txns.read(t, coll.name, id)
        if (cur) txns.write(t, coll.name, id, null)
        return { data: { deleted: cur ? 1 : 0 } }
      }
      const targets = store.find(coll.name, q, body.queryType === 'DOC' || body.multi === false ? { limit: 1 } : {})
      if (targets.length) await journal.whenDurable(store.commit(targets.map((d) => ({ c: coll.name, id: d._id, after: null }))))
      return { data: { deleted: targets.length } }
    },

    'database.modifyAndReturnDoc': async (body) => {
      const coll = store.collection(body.collectionName)
      const q = queryOf(body)
      const data = dataObject(body)
      const next = updater(data, body.merge !== false)
      const t = txnOf(body)
      if (t) {
        const keys = Object.keys(q)
        if (keys.length !== 1 || keys[0] !== '_id') {
          throw new EmuError('INVALID_PARAM', 'in a transaction, updateAndReturn must select one document by _id only')
        }
        const id = docIdOf(q)
        const cur = txns.read(t, coll.name, id)
        if (!cur) return { data: { updated: 0, doc: null } }
        const n = next(cur)
        txns.claim(t, coll.name, id)
        if (n !== cur) txns.write(t, coll.name, id, n)
        return { data: { updated: 1, doc: toWire(n) } }
      }
      const [cur] = store.find(coll.name, q, { limit: 1 })
      if (!cur) return { data: { updated: 0, doc: null } }
      const n = next(cur)
      if (n !== cur) await journal.whenDurable(store.commit([{ c: coll.name, id: cur._id, after: n }]))
      return { data: { updated: 1, doc: toWire(n) } }
    },

    'database.aggregateDocuments': (body) => {
      if (body.transactionId) throw new EmuError('INVALID_PARAM', 'aggregate() is not allowed in a transaction')
      const coll = store.collection(body.collectionName)
      if (!Array.isArray(body.stages)) throw new EmuError('INVALID_PARAM', 'stages must be an array')
      const pipeline = body.stages.map((s: any) => {
        if (!s || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw new EmuError('INVALID_PARAM', 'each stage needs a stageKey like $match')
        if (s.stageKey === '$out' || s.stageKey === '$merge') throw new EmuError('INVALID_PARAM', `${s.stageKey} is not supported`)
        return { [s.stageKey]: parseWire(s.stageValue, `${s.stageKey} stage`, now) }
      })
      let list: unknown[]
      try {
        list = store.aggregate(coll.name, pipeline)
      } catch (err) {
        if (err instanceof EmuError) throw err
        throw new EmuError('INVALID_PARAM', `aggregate: ${(err as Error).message}`)
      }
      // Measured on the platform (WeChat developer community, 2020): without a $limit stage an
      // aggregation answers at most 20 records, with one at most 10,000.
      const hasLimit = pipeline.some((st: Record<string, unknown>) => '$limit' in st)
      list = list.slice(0, hasLimit ? AGGREGATE_MAX : AGGREGATE_DEFAULT)
      return { data: { list: list.map(toWire) } }
    },

    'database.addCollection': async (body) => {
      await journal.whenDurable(store.createCollection(body.collectionName))
      return {}
    },

    'database.startTransaction': () => ({ transactionId: txns.start() }),

    'database.commitTransaction': async (body) => {
      const t = txns.get(body.transactionId)
      await journal.whenDurable(txns.commit(t))
      return {}
    },

    'database.abortTransaction': (body) => {
      txns.abort(txns.get(body.transactionId))
      return {}
    },

    'functions.invokeFunction': async (body) => {
      const name = body.function_name
      if (typeof name !== 'string' || !name) throw new EmuError('INVALID_PARAM', 'function_name is required')
      let data: unknown
      if (typeof body.request_data === 'string' && body.request_data) {
        try {
          data = JSON.parse(body.request_data)
        } catch {
          throw new EmuError('INVALID_PARAM', 'request_data is not JSON')
        }
      }
      if (!opts.invokeFunction) throw new EmuError('FUNCTIONS_EXECUTE_FAIL', `no function runtime is attached to the emulator (calling ${name})`)
      let result: unknown
      try {
        result = await opts.invokeFunction(name, data)
      } catch (err) {
        const code = (err as { code?: unknown }).code
        throw new EmuError(typeof code === 'string' && code ? code : 'FUNCTIONS_EXECUTE_FAIL', `function ${name} failed: ${(err as Error).message ?? String(err)}`)
      }
      return { data: { response_data: JSON.stringify(result ?? null) } }
    },

    'storage.getUploadMetadata': (body) => {
      const p = checkCloudPath(body.path)
      return {
        data: {
          url: `${opts.publicUrl()}/__cos/${encodeSegments(p)}`,
          token: randomBytes(8).toString('hex'),
          authorization: `local ${randomBytes(8).toString('hex')}`,
          fileId: storage.fileIdFor(p),
          cosFileId: randomBytes(8).toString('hex'),
        },
      }
    },

    'storage.batchGetDownloadUrl': (body) => {
      if (!Array.isArray(body.file_list)) throw new EmuError('INVALID_PARAM', 'file_list must be an array')
      const download_list = body.file_list.map((f: any) => {
        const fileID = f && typeof f === 'object' ? f.fileid : f
        let p: string
        try {
          p = storage.pathOf(String(fileID))
        } catch {
          return { fileID, tempFileURL: '', code: 'INVALID_PARAM' }
        }
        if (!storage.exists(p)) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
        return { fileID, tempFileURL: `${opts.publicUrl()}/__cos/${p}`, code: 'SUCCESS' }
      })
      return { data: { download_list } }
    },

    'storage.batchDeleteFile': async (body) => {
      if (!Array.isArray(body.fileid_list)) throw new EmuError('INVALID_PARAM', 'fileid_list must be an array')
      const side: SideOp[] = []
      const delete_list = body.fileid_list.map((fileID: any) => {
        let p: string
        try {
          p = storage.pathOf(String(fileID))
        } catch {
          return { fileID, code: 'INVALID_PARAM' }
        }
        if (!storage.remove(p)) return { fileID, code: 'STORAGE_FILE_NONEXIST' }
        storage.meta.delete(p)
        side.push({ o: 'u', p })
        return { fileID, code: 'SUCCESS' }
      })
      if (side.length) await journal.whenDurable(journal.append({ ops: side }))
      return { data: { delete_list } }
    },

    'wx.api': async (body) => {
      const apiName = body.apiName
      if (typeof apiName !== 'string' || !apiName) throw new EmuError('INVALID_PARAM', 'apiName is required')
      let request: unknown = {}
      if (typeof body.requestData === 'string' && body.requestData) {
        try {
          request = JSON.parse(body.requestData)
        } catch {
          throw new EmuError('INVALID_PARAM', 'requestData is not JSON')
        }
      }
      const response = openapi.answer(apiName, request)
      const entry: OpenApiCall = {
        at: now(),
        apiName,
        request,
        response: response ?? { errcode: -1, errmsg: `${apiName} is not emulated locally` },
      }
      openapi.log.push(entry)
      await journal.whenDurable(journal.append({ ops: [{ o: 'w', e: entry }] }))
      if (response === undefined) throw new EmuError('INVALID_PARAM', `wx.api ${apiName} is not emulated locally (emulated: subscribeMessage.send, security.msgSecCheck)`)
      return { data: { responseData: JSON.stringify(response) } }
    },
  }

  // ---- HTTP

  async function admin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = `local-${(++requestCounter).toString(16)}-${randomBytes(3).toString('hex')}`
    const fail = (code: string, message: string) => sendJson(res, 200, { code, message, requestId })
    let body: any
    try {
      const raw = await readBody(req, MAX_BODY)
      if (String(req.headers['content-type'] ?? '').startsWith('multipart/')) {
        return fail('INVALID_ACTION', 'multipart requests (wx.openApi / wx-server-sdk cloud.openapi) are not emulated; use callWxOpenApi (wx.api)')
      }
      body = JSON.parse(raw.toString('utf8'))
      if (!isPlainObject(body)) throw new Error('not an object')
    } catch (err) {
      return fail('INVALID_PARAM', `request body is not a JSON object: ${(err as Error).message}`)
    }
    const action = typeof body.action === 'string' ? body.action : ''
    const handler = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined
    if (!handler) return fail('INVALID_ACTION', `unknown action ${JSON.stringify(action)}`)
    if (closed) return fail('SYS_ERR', 'the emulator is closing')

    // Rolling back never conflicts; every other request carrying a transaction id, and the commit, may.
    const transactional = action !== 'database.abortTransaction' && ((typeof body.transactionId === 'string' && !!body.transactionId) || action === 'database.commitTransaction')
    const fault = faults.decide(action, transactional)
    if (fault.delayMs > 0) await sleep(fault.delayMs)
    if (fault.error) return fail('SYS_ERR', `injected fault (errorRate): ${action} was not applied`)
    if (fault.conflict) {
      try {
        txns.abort(txns.get(body.transactionId), 'was aborted by an injected conflict')
      } catch {
        // unknown transaction: the conflict answer is the same
      }
      return fail('DATABASE_TRANSACTION_CONFLICT', `injected fault (conflictRate): ${action} conflicted`)
    }

    let reply: Record<string, unknown>
    try {
      const pending = handler(body)
      // A read answers only with state that is already durable: wait for the writes it could see.
      const seen = journal.lastSeq
      const result = await pending
      await journal.whenDurable(seen)
      reply = { ...result, requestId }
    } catch (err) {
      if (err instanceof EmuError) return fail(err.code, err.message)
      log(`${action} failed: ${(err as Error).stack ?? String(err)}`)
      return fail('SYS_ERR', `emulator error in ${action}: ${(err as Error).message}`)
    }
    if (fault.dropReply) {
      // The write is applied and durable; the caller never hears so (a lost acknowledgement).
      req.socket.destroy()
      return
    }
    sendJson(res, 200, reply)
  }

  async function cos(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    let p: string
    try {
      p = checkCloudPath(pathname.slice('/__cos/'.length).split('/').map(decodeURIComponent).join('/'))
    } catch {
      res.writeHead(400, { 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidURI</Code><Message>bad path</Message></Error>')
      return
    }
    if (req.method === 'PUT') {
      let bytes: Buffer
      try {
        bytes = await readBody(req, MAX_FILE)
      } catch (err) {
        res.writeHead(400, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>EntityTooLarge</Code><Message>${(err as Error).message}</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>`)
        return
      }
      const headerType = String(req.headers['content-type'] ?? '')
      const byExt = contentTypeFor(p)
      const ct = byExt === 'application/octet-stream' && headerType && !headerType.startsWith('multipart/') ? headerType : byExt
      putFile(p, bytes, ct)
      await journal.whenDurable()
      res.writeHead(200, { etag: `"${randomBytes(8).toString('hex')}"`, 'content-length': 0 })
      res.end()
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, PUT' }).end()
      return
    }
    const bytes = storage.read(p)
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Resource>/${p}</Resource></Error>`)
      return
    }
    res.writeHead(200, {
      'content-type': storage.contentType(p),
      'content-length': bytes.length,
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    })
    res.end(req.method === 'HEAD' ? undefined : bytes)
  }

  /** Stores bytes and queues the metadata record (the caller waits for durability or syncs). */
  function putFile(p: string, bytes: Buffer, contentType: string): void {
    storage.write(p, bytes)
    storage.meta.set(p, { contentType, size: bytes.length })
    journal.append({ ops: [{ o: 'f', p, ct: contentType, sz: bytes.length }] })
  }

  const toSortIn = (s: FindOptionsIn['sort']): SortSpec | undefined => (s ? toSort(s) : undefined)

  return {
    envId,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://local')
      if (url.pathname === '/admin') {
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' }).end()
          return true
        }
        await admin(req, res)
        return true
      }
      if (url.pathname.startsWith('/__cos/')) {
        await cos(req, res, url.pathname)
        return true
      }
      return false
    },
    db: {
      get(collection, id) {
        const d = store.collections.get(collection)?.docs.get(id)
        return d ? copyOut(d) : null
      },
      find(collection, query = {}, o = {}) {
        if (!store.collections.has(collection)) return []
        return store
          .find(collection, normalizeWire(query, now), { sort: toSortIn(o.sort), skip: o.skip, limit: o.limit, projection: o.projection })
          .map((d) => copyOut(d))
      },
      insert(collection, docs) {
        const coll = store.collection(collection)
        const prepared = docs.map((d) => prepareInsert(normalizeWire(d, now)))
        const seen = new Set<Id>()
        for (const d of prepared) {
          if (seen.has(d._id) || coll.docs.has(d._id)) throw new EmuError('DATABASE_DUPLICATE_WRITE', `duplicate _id ${String(d._id)} in ${collection}`)
          seen.add(d._id)
        }
        if (prepared.length === 0) return []
        store.commit(prepared.map((d) => ({ c: coll.name, id: d._id, after: d })))
        journal.flush()
        return prepared.map((d) => String(d._id))
      },
      count(collection, query = {}) {
        if (!store.collections.has(collection)) return 0
        return store.count(collection, normalizeWire(query, now))
      },
      collections() {
        return [...store.collections.keys()].sort()
      },
      createCollection(name) {
        store.createCollection(name)
        journal.flush()
      },
    },
    storage: {
      put(p, bytes, contentType) {
        const cp = checkCloudPath(p)
        putFile(cp, bytes, contentType ?? contentTypeFor(cp))
        journal.flush()
        return storage.fileIdFor(cp)
      },
      get(pathOrFileId) {
        try {
          return storage.read(storage.pathOf(pathOrFileId))
        } catch {
          return null
        }
      },
      url(pathOrFileId) {
        return `${opts.publicUrl()}/__cos/${storage.pathOf(pathOrFileId)}`
      },
    },
    openapi: {
      calls: (filter) => openapi.calls(filter),
      setChecker(checker) {
        openapi.checker = checker
      },
      setHandler(apiName, handler) {
        if (handler) openapi.handlers.set(apiName, handler)
        else openapi.handlers.delete(apiName)
      },
      setPushDelay(ms) {
        openapi.pushDelayMs = ms
      },
    },
    setFaults(f) {
      faults.set(f)
    },
    stats() {
      const s = store.stats
      return {
        ...s,
        indexUsed: { ...s.indexUsed },
        lastPlan: s.lastPlan ? { ...s.lastPlan } : null,
        faultsInjected: { ...faults.injected },
        openTransactions: txns.size,
        versionsKept: store.versionsKept,
        journalBytes: journal.bytes,
        compactions: journal.compactions,
      }
    },
    resetStats() {
      store.stats = { queries: 0, docsExamined: 0, indexUsed: {}, idLookups: 0, collectionScans: 0, lastPlan: null }
    },
    quiesce: () => openapi.close(),
    async close() {
      if (closed) return
      closed = true
      await openapi.close()
      txns.close()
      await journal.close()
    },
  }
}
