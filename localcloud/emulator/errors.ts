// Error codes the emulator answers with. The SDK throws any 200 reply that carries a `code` as a
// TcbError with that code (node-sdk utils/tcbapirequester.js → processReturn), and runTransaction
// retries exactly on DATABASE_TRANSACTION_CONFLICT (@cloudbase/database transaction/index.js).
export type EmuErrorCode =
  | 'INVALID_PARAM' // SDK const/code.js; bad EJSON, bad limit, WHERE inside a transaction, ...
  | 'INVALID_ACTION' // the cloud's code for an unknown action name
  | 'SYS_ERR' // SDK const/code.js; injected errors and emulator bugs
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT' // @cloudbase/database const/code.js
  | 'DATABASE_TRANSACTION_FAIL' // unknown, expired or ended transaction id ("transaction ... does not exist"); no SDK constant names it
  | 'DATABASE_REQUEST_FAILED' // @cloudbase/database const/code.js; an update that cannot apply ($inc on a string, ...), a $-prefixed field name, db.serverDate() in a transactional add
  | 'DATABASE_PERMISSION_DENIED'
  | 'STORAGE_FILE_NONEXIST' // SDK const/code.js
  | 'FUNCTIONS_EXECUTE_FAIL'

export class EmuError extends Error {
  constructor(
    readonly code: EmuErrorCode | string,
    message: string,
  ) {
    super(message)
    this.name = 'EmuError'
  }
}
