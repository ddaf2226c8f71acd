// The UI tests run as the h5 build does; a test that needs the mini-program path sets TARO_ENV itself.
process.env.TARO_ENV = 'h5'
