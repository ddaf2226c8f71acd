// The UI tests run as the h5 build does; a test that needs the mini-program path sets TARO_ENV itself.
process.env.TARO_ENV = 'h5'

// A shared machine may be slow: findBy / waitFor wait up to 5 s (what they wait for is an answer the fake
// network gives at once; the limit is only how long a busy machine may take to render it). The dom
// package's own config: importing @testing-library/react here, before jest's globals, would skip its cleanup.
// eslint-disable-next-line @typescript-eslint/no-var-requires
require('@testing-library/dom').configure({ asyncUtilTimeout: 5000 })
