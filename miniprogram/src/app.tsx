import type { PropsWithChildren } from 'react'
import { initCloud } from './api/cloud'
import { SessionProvider } from './hooks/session'
import './app.css'

initCloud()

function App({ children }: PropsWithChildren) {
  // In weapp the cloud knows the caller, so SessionProvider logs in at launch (member.login);
  // in h5 it does so when a token from the dev login is stored.
  return <SessionProvider>{children}</SessionProvider>
}

export default App
