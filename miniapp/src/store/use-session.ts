import { useEffect, useState } from 'react'
import { getSession, subscribeSession, type SessionState } from './session'

/** The session state, re-rendering the caller whenever it changes. */
export function useSession(): SessionState {
  const [session, setSession] = useState(getSession)
  useEffect(() => {
    // Catch a change made between the first render and this effect.
    setSession(getSession())
    return subscribeSession(() => setSession(getSession()))
  }, [])
  return session
}
