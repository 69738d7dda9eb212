import type { PropsWithChildren } from 'react'
import './theme/tokens.css'
import './app.css'

function App({ children }: PropsWithChildren) {
  // Pages render here; each page's <Screen> applies the theme (and elder mode).
  return children
}

export default App
