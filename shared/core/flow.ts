// The lifecycle engine every record kind uses (style.md "A record kind"): a transition table of
// state × action × relation → next state, decided by a pure function that answers with a reason
// instead of throwing. Use cases are load → decide → persist; this is the decide.

/** One row of a table: where the action leads, and for each relation the states it may start from. */
export interface Transition<S extends string, R extends string> {
  /** The next state; 'derived' when it follows from the record (e.g. an order's state from its claims). */
  to: S | 'derived'
  by: Partial<Record<R, readonly S[]>>
}

export type Table<S extends string, A extends string, R extends string> = Record<A, Transition<S, R>>

export type Decision<S extends string, R extends string> =
  | { ok: true; to: S | 'derived'; as: R }
  /** 'actor': none of the caller's relations may ever take this action; 'state': one may, but not from here. */
  | { ok: false; why: 'state' | 'actor' }

/** Whether any of the caller's relations to the record allows the action from its state. */
export function decide<S extends string, A extends string, R extends string>(table: Table<S, A, R>, state: S, action: A, relations: readonly R[]): Decision<S, R> {
  const t = table[action]
  let related = false
  for (const r of relations) {
    const from = t.by[r]
    if (!from) continue
    related = true
    if (from.includes(state)) return { ok: true, to: t.to, as: r }
  }
  return { ok: false, why: related ? 'state' : 'actor' }
}

/** Every action the table allows the caller from this state (for the screen's buttons). */
export function allowedIn<S extends string, A extends string, R extends string>(table: Table<S, A, R>, actions: readonly A[], state: S, relations: readonly R[]): A[] {
  return actions.filter((a) => decide(table, state, a, relations).ok)
}

/** Every (state, action, relation) the table names, for exhaustive tests. */
export function cells<S extends string, A extends string, R extends string>(table: Table<S, A, R>): Array<{ action: A; relation: R; from: S; to: S | 'derived' }> {
  const out: Array<{ action: A; relation: R; from: S; to: S | 'derived' }> = []
  for (const action of Object.keys(table) as A[]) {
    const t = table[action]
    for (const relation of Object.keys(t.by) as R[]) for (const from of t.by[relation] ?? []) out.push({ action, relation, from, to: t.to })
  }
  return out
}
