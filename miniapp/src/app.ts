import type { PropsWithChildren } from 'react'
import { useDidShow, useLaunch } from '@tarojs/taro'
import { platformMessages } from './platform/messages'
import { getSession } from './store/session'
import { startVisitSync, syncNow } from './services/visit-sync'
import './theme/tokens.css'
import './app.css'

function App({ children }: PropsWithChildren) {
  // Visits logged offline go out by themselves: at launch, on network change, and on app show.
  useLaunch(() => {
    startVisitSync()
  })
  useDidShow(() => {
    void syncNow()
    // WeChat's message templates, ready for the taps that ask for them (family, reports, notices)
    if (getSession().token) void platformMessages.preload()
  })
  // Pages render here; each page's <Screen> applies the theme (and elder mode).
  return children
}

export default App
