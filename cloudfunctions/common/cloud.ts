// The SDK, initialised once per instance at module scope (cold starts cost 1-3 s on CloudBase; do not
// pay for init per call). Which environment and endpoint it talks to comes from the platform: in the
// cloud the function's own environment, locally TCB_CONTEXT_CNFG set by the local cloud's runtime.
import tcb from '@cloudbase/node-sdk'

export const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
export const db = app.database()
export const _ = db.command
export { tcb }

/** What a transaction offers inside runTransaction: single-document operations by id (platform.md). */
export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>
      update(data: object): Promise<unknown>
      set(data: object): Promise<unknown>
      remove(): Promise<unknown>
    }
    add(data: object): Promise<unknown>
  }
}
