// Update documents the way the SDK's commands ask: _.set/inc/mul/remove/push/pop/shift/unshift/
// addToSet/pull/pullAll/rename/max/min arrive as MongoDB operators ($set, $inc, $unset, $push with
// $each/$position/$slice, $pop ±1, ...); a plain nested object in doc.update() arrives already flattened
// to dot paths under $set, which merges rather than replaces.
//
// mingo's updater applies one operator per call, so the operators of one update are applied in turn
// on a private copy; MongoDB refuses two operators on the same path, and so does this.
import { createUpdater } from 'mingo'
import { checkFieldNames } from './codec'
import { EmuError } from './errors'
import { clone, isPlainObject, valuesEqual, type Doc } from './values'

const updater = createUpdater({ cloneMode: 'deep' })

const SUPPORTED = new Set(['$set', '$unset', '$inc', '$mul', '$push', '$pop', '$pull', '$pullAll', '$addToSet', '$rename', '$max', '$min', '$currentDate', '$bit'])

export function isOperatorUpdate(u: Record<string, unknown>): boolean {
  const keys = Object.keys(u)
  const ops = keys.filter((k) => k.startsWith('$'))
  if (ops.length && ops.length !== keys.length) throw new EmuError('INVALID_PARAM', 'an update may not mix operators and plain fields')
  return ops.length > 0
}

function numericType(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint'
}

function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[p]
  }
  return cur
}

function touches(a: string, b: string): boolean {
  return a === b || a.startsWith(b + '.') || b.startsWith(a + '.')
}

/**
 * Applies an operator update to a copy of `doc`. Returns the new document, or the same object when
 * nothing changed (MongoDB's nModified counts only real changes).
 */
export function applyUpdate(doc: Doc, update: Record<string, unknown>): Doc {
  const paths: string[] = []
  for (const [op, spec] of Object.entries(update)) {
    if (!SUPPORTED.has(op)) throw new EmuError('INVALID_PARAM', `unsupported update operator ${op}`)
    if (!isPlainObject(spec)) throw new EmuError('INVALID_PARAM', `${op} needs an object of fields`)
    for (const field of Object.keys(spec)) {
      if (field === '_id' || field.startsWith('_id.')) throw new EmuError('INVALID_PARAM', '不能更新_id的值')
      if (field.split('.').some((p) => p === '')) throw new EmuError('INVALID_PARAM', `bad field path ${field}`)
      if (field.split('.').some((p) => p.startsWith('$'))) throw new EmuError('DATABASE_REQUEST_FAILED', `field name ${field} may not start with $`)
      const clash = paths.find((p) => touches(p, field))
      if (clash) throw new EmuError('INVALID_PARAM', `update paths ${clash} and ${field} conflict`)
      paths.push(field)
      if (op === '$rename') {
        const to = spec[field]
        if (typeof to !== 'string' || !to || to === '_id') throw new EmuError('INVALID_PARAM', `$rename target of ${field} must be a field name`)
        paths.push(to)
      }
      if (op === '$inc' || op === '$mul') {
        if (!numericType(spec[field])) throw new EmuError('INVALID_PARAM', `${op} of ${field} needs a number`)
        const cur = getPath(doc, field)
        if (cur !== undefined && cur !== null && !numericType(cur)) {
          throw new EmuError('DATABASE_REQUEST_FAILED', `cannot apply ${op} to non-numeric field ${field}`)
        }
      }
      if (op === '$push' || op === '$pop' || op === '$pull' || op === '$pullAll' || op === '$addToSet') {
        const cur = getPath(doc, field)
        if (cur !== undefined && cur !== null && !Array.isArray(cur)) {
          throw new EmuError('DATABASE_REQUEST_FAILED', `cannot apply ${op} to non-array field ${field}`)
        }
      }
      if (op === '$set' || op === '$push' || op === '$addToSet' || op === '$max' || op === '$min') checkValue(spec[field], field)
    }
  }
  const next = clone(doc)
  let changed = false
  for (const [op, spec] of Object.entries(update)) {
    try {
      const modified = updater(next, { [op]: spec } as never)
      if (modified.length) changed = true
    } catch (err) {
      if (err instanceof EmuError) throw err
      throw new EmuError('DATABASE_REQUEST_FAILED', `${op} failed: ${(err as Error).message}`)
    }
  }
  if (!changed || valuesEqual(next, doc)) return doc
  return next
}

function checkValue(v: unknown, field: string) {
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      // $push / $addToSet modifiers are operators, not stored field names.
      if (['$each', '$position', '$slice', '$sort'].includes(k)) continue
      checkFieldNames({ [k]: v[k] }, field)
    }
  } else checkFieldNames(v, field)
}

/** A replacement document (doc.set()): the new content under the same _id. */
export function replaceDoc(id: Doc['_id'], data: Record<string, unknown>): Doc {
  if ('_id' in data && data._id !== id) throw new EmuError('INVALID_PARAM', '不能更新_id的值')
  checkFieldNames(data)
  const { _id: _ignored, ...rest } = data
  return { _id: id, ...clone(rest) }
}
