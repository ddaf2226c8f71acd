// The one clock of the backend. In the cloud it is the system clock; the local cloud and the tests
// inject another through a process-wide hook so that SLA clocks and deadlines can be tested.
type NowFn = () => number
const HOOK = '__lianxinNow'

export function now(): Date {
  const f = (globalThis as unknown as Record<string, NowFn | undefined>)[HOOK]
  return new Date(f ? f() : Date.now())
}

export function setNow(f: NowFn | undefined): void {
  const g = globalThis as unknown as Record<string, NowFn | undefined>
  g[HOOK] = f
}
