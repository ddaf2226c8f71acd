import type { PropsWithChildren } from 'react'
import { initCloud } from './api/cloud'
import { SessionProvider } from './hooks/session'
import './app.css'
// The components' shared styles, here rather than only in the components barrel: in h5 the barrel is
// skipped when a page imports components through it (config/index.ts), and every page uses these.
import './components/ui.css'

initCloud()

function App({ children }: PropsWithChildren) {
  // In weapp the cloud knows the caller, so SessionProvider logs in at launch (member.login);
  // in h5 it does so when a token from the dev login is stored.
  return <SessionProvider>{children}</SessionProvider>
}

export default App
