// Types for mingo's subpath exports (`mingo/core`, `mingo/util`), which Node resolves through the
// package's "exports" map and TypeScript's "node" module resolution does not.
declare module 'mingo/core' {
  export * from 'mingo/types/core'
}
declare module 'mingo/util' {
  export * from 'mingo/types/util'
}
