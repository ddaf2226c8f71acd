// Public surface of the local CloudBase emulator.
export { createEmulator } from './emulator'
export type { Emulator, EmulatorOptions, EmulatorStats, FindOptionsIn } from './emulator'
export type { CollectionsConfig, CollectionSpec, FaultConfig, IndexSpec, IndexDirection } from './config'
export { validateCollectionsConfig } from './config'
export { EmuError } from './errors'
export type { EmuErrorCode } from './errors'
export { MSG_SEC_LABELS, MSG_SEC_REVIEW_WORDS, MSG_SEC_RISKY_WORDS, keywordVerdict } from './openapi'
export type { MsgSecChecker, MsgSecVerdict, OpenApiCall, OpenApiHandler } from './openapi'
