// Opaque cursors for offset paging (server reads are capped at 1000 a call; screens ask for 20).
import { FIELD_MESSAGES } from '../../shared/messages'
import { Failure } from './errors'

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new Failure('BAD_INPUT', { cursor: FIELD_MESSAGES.cursor })
  return n
}

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64url')
}

/** Reads size+1 to know whether there is a next page without a count. */
export function pageOf<T>(rows: T[], offset: number, size: number): { items: T[]; nextCursor?: string } {
  return rows.length > size ? { items: rows.slice(0, size), nextCursor: encodeCursor(offset + size) } : { items: rows }
}
