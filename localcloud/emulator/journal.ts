// Durable storage: an append-only journal of checksummed records plus a periodic snapshot.
//
// Frame: [u32 LE payload length][u32 LE crc32(payload)][payload: UTF-8 JSON]. A write is acknowledged
// only after its record is written and fdatasync'd. Records appended in the same turn of the event
// loop share one write and one fdatasync (group commit), so hundreds of racing writes cost a handful of
// syncs. The I/O is synchronous on purpose: records reach the file strictly in order, with no holes a
// crash could leave before an acknowledged record.
//
// On start the snapshot (if any) is loaded, then every journal file from the snapshot's generation on
// is replayed. A record that is cut short or fails its checksum ends the journal: it is the torn tail
// of a write that was never acknowledged, and the file is truncated there.
//
// Compaction: when the journal passes `compactAtBytes`, appends move to a new generation file, the
// state as of that instant is captured (documents are immutable, so this is a list of references),
// written to snapshot.tmp in slices between other work, synced, renamed over snapshot.db, and the
// older journal files are deleted. A crash at any step leaves either the old snapshot plus both
// journals, or the new snapshot plus the new journal; both replay to the same state.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const HEADER = 8

let crcTable: Int32Array | undefined
function crc32js(buf: Buffer): number {
  if (!crcTable) {
    crcTable = new Int32Array(256)
    for (let i = 0; i < 256; i++) {
      let c = i
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[i] = c
    }
  }
  let crc = -1
  for (let i = 0; i < buf.length; i++) crc = crcTable[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8)
  return (crc ^ -1) >>> 0
}
const crc32: (buf: Buffer) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (buf) => (zlib as unknown as { crc32(b: Buffer): number }).crc32(buf) >>> 0 : crc32js

export function frame(record: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(record), 'utf8')
  const out = Buffer.allocUnsafe(HEADER + payload.length)
  out.writeUInt32LE(payload.length, 0)
  out.writeUInt32LE(crc32(payload), 4)
  payload.copy(out, HEADER)
  return out
}

/** Reads the valid records of a framed file; `end` is the offset just past the last valid one. */
export function readFrames(buf: Buffer): { records: unknown[]; end: number; torn: boolean } {
  const records: unknown[] = []
  let off = 0
  while (off + HEADER <= buf.length) {
    const len = buf.readUInt32LE(off)
    const crc = buf.readUInt32LE(off + 4)
    if (len === 0 || off + HEADER + len > buf.length) break
    const payload = buf.subarray(off + HEADER, off + HEADER + len)
    if (crc32(payload) !== crc) break
    let rec: unknown
    try {
      rec = JSON.parse(payload.toString('utf8'))
    } catch {
      break
    }
    records.push(rec)
    off += HEADER + len
  }
  return { records, end: off, torn: off !== buf.length }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off)
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    // Some filesystems refuse to open or sync a directory; the rename is still atomic there.
  }
}

const JOURNAL_RE = /^journal-(\d{6,})\.log$/
const journalName = (gen: number) => `journal-${String(gen).padStart(6, '0')}.log`

export interface ReplayHandlers {
  /** Called for each body record of the snapshot, in order. */
  snapshot(record: unknown): void
  /** Called for each journal record, in order. */
  journal(record: unknown): void
  /** A torn tail was found and cut off (not an error: a write that was never acknowledged). */
  torn?(file: string, validBytes: number, totalBytes: number): void
}

export class Journal {
  private fd = -1
  private gen = 1
  private size = 0
  private pending: Buffer[] = []
  private appended = 0
  private durable = 0
  private waiters: Array<{ seq: number; resolve: () => void; reject: (e: Error) => void }> = []
  private scheduled = false
  private failed: Error | null = null
  private compacting: Promise<void> | null = null
  private closed = false
  /** Supplies the records of a snapshot of the current state; called synchronously at the rotation point. */
  snapshotSource: (() => Iterable<unknown>) | null = null
  compactions = 0

  private constructor(
    private readonly dir: string,
    private readonly compactAtBytes: number,
  ) {}

  static open(dir: string, compactAtBytes: number, handlers: ReplayHandlers): Journal {
    fs.mkdirSync(dir, { recursive: true })
    const j = new Journal(dir, compactAtBytes)
    let fromGen = 1
    const snapFile = path.join(dir, 'snapshot.db')
    if (fs.existsSync(snapFile)) {
      const { records, torn } = readFrames(fs.readFileSync(snapFile))
      const head = records[0] as { snap?: number } | undefined
      const tail = records[records.length - 1] as { end?: boolean } | undefined
      if (torn || !head || typeof head.snap !== 'number' || !tail || tail.end !== true) {
        throw new Error(`${snapFile} is damaged (it is only ever replaced whole by rename); restore it or remove the data folder`)
      }
      fromGen = head.snap
      for (let i = 1; i < records.length - 1; i++) handlers.snapshot(records[i])
    }
    try {
      fs.unlinkSync(path.join(dir, 'snapshot.tmp'))
    } catch {
      // no unfinished snapshot
    }
    const gens = fs
      .readdirSync(dir)
      .map((f) => JOURNAL_RE.exec(f))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b)
    for (const g of gens) {
      const file = path.join(dir, journalName(g))
      if (g < fromGen) {
        fs.unlinkSync(file) // already folded into the snapshot; left over from a compaction cut short
        continue
      }
      const buf = fs.readFileSync(file)
      const { records, end, torn } = readFrames(buf)
      for (const r of records) handlers.journal(r)
      if (torn) {
        handlers.torn?.(file, end, buf.length)
        fs.truncateSync(file, end)
      }
    }
    j.gen = Math.max(fromGen, gens.length ? gens[gens.length - 1] : 1)
    const file = path.join(dir, journalName(j.gen))
    j.fd = fs.openSync(file, 'a')
    j.size = fs.fstatSync(j.fd).size
    fsyncDir(dir)
    return j
  }

  /** Queues a record; it becomes durable at the next group commit. Returns its sequence number. */
  append(record: unknown): number {
    this.check()
    this.pending.push(frame(record))
    this.appended++
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        try {
          this.flush()
        } catch {
          // waiters were rejected in flush
        }
      })
    }
    return this.appended
  }

  /** Appends and makes durable before returning (for the synchronous in-process API). */
  appendSync(record: unknown): number {
    const seq = this.append(record)
    this.flush()
    return seq
  }

  /** The sequence number of the last appended record. */
  get lastSeq(): number {
    return this.appended
  }

  whenDurable(seq: number = this.appended): Promise<void> {
    if (this.failed) return Promise.reject(this.failed)
    if (seq <= this.durable) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }))
  }

  flush(): void {
    if (this.failed) throw this.failed
    if (this.pending.length === 0) return
    const buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending)
    this.pending = []
    try {
      writeAll(this.fd, buf)
      fs.fdatasyncSync(this.fd)
    } catch (err) {
      this.failed = new Error(`journal write failed, the emulator stops accepting requests: ${(err as Error).message}`)
      for (const w of this.waiters) w.reject(this.failed)
      this.waiters = []
      throw this.failed
    }
    this.size += buf.length
    this.durable = this.appended
    const ready = this.waiters
    this.waiters = []
    for (const w of ready) w.resolve()
    if (this.size >= this.compactAtBytes && !this.compacting && this.snapshotSource && !this.closed) {
      this.compacting = this.compact()
        .catch((err) => {
          // The journal is intact without the snapshot; the next compaction tries again.
          console.warn(`[emulator] snapshot failed, journal kept: ${(err as Error).message}`)
        })
        .finally(() => {
          this.compacting = null
        })
    }
  }

  get bytes(): number {
    return this.size
  }

  /** Writes a snapshot of the current state and drops the journal it replaces. */
  async compact(): Promise<void> {
    if (!this.snapshotSource) return
    this.flush()
    // Rotate: later records go to the next generation; the snapshot holds everything before them.
    const newGen = this.gen + 1
    const newFd = fs.openSync(path.join(this.dir, journalName(newGen)), 'a')
    fsyncDir(this.dir)
    fs.closeSync(this.fd)
    this.fd = newFd
    this.gen = newGen
    this.size = 0
    const records = this.snapshotSource()
    const tmp = path.join(this.dir, 'snapshot.tmp')
    const fd = fs.openSync(tmp, 'w')
    try {
      writeAll(fd, frame({ snap: newGen, at: Date.now() }))
      let chunk: Buffer[] = []
      let chunkBytes = 0
      for (const rec of records) {
        const f = frame(rec)
        chunk.push(f)
        chunkBytes += f.length
        if (chunkBytes > 1 << 20) {
          writeAll(fd, Buffer.concat(chunk))
          chunk = []
          chunkBytes = 0
          await new Promise((r) => setImmediate(r)) // let requests run between slices
        }
      }
      chunk.push(frame({ end: true }))
      writeAll(fd, Buffer.concat(chunk))
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, path.join(this.dir, 'snapshot.db'))
    fsyncDir(this.dir)
    for (const f of fs.readdirSync(this.dir)) {
      const m = JOURNAL_RE.exec(f)
      if (m && Number(m[1]) < newGen) fs.unlinkSync(path.join(this.dir, f))
    }
    this.compactions++
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (!this.failed) this.flush()
    if (this.compacting) await this.compacting.catch(() => undefined)
    if (this.fd >= 0) fs.closeSync(this.fd)
    this.fd = -1
  }

  private check(): void {
    if (this.failed) throw this.failed
    if (this.closed) throw new Error('journal is closed')
  }
}
