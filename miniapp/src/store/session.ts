import Taro from '@tarojs/taro'
import type { LoginResponse, MeResponse, UserDto } from '@linli/shared'

/**
 * The app's small global state: the login token, the current user (and their /me answer),
 * and the elder-mode flag. Token and elder mode survive restarts in Taro storage; `me` is
 * kept in memory only and refetched when a page shows.
 */
export interface SessionState {
  token: string | null
  user: UserDto | null
  me: MeResponse | null
  elderMode: boolean
}

const TOKEN_KEY = 'linli.token'
const TOKEN_EXPIRES_KEY = 'linli.tokenExpiresAt'
const USER_KEY = 'linli.user'
const ELDER_KEY = 'linli.elderMode'

function readStorage<T>(key: string): T | null {
  try {
    const value: unknown = Taro.getStorageSync(key)
    return value === '' || value === undefined || value === null ? null : (value as T)
  } catch {
    return null
  }
}

function writeStorage(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // Storage full or unavailable (private browsing): the app still works for this session.
  }
}

function removeStorage(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // Nothing to do: the value is gone or storage is unavailable.
  }
}

function loadInitialState(): SessionState {
  let token = readStorage<string>(TOKEN_KEY)
  let user = readStorage<UserDto>(USER_KEY)
  const expiresAt = readStorage<string>(TOKEN_EXPIRES_KEY)
  // A token past its expiry would only earn a 401; drop it now so the app opens on the login page.
  if (token && expiresAt && Date.parse(expiresAt) <= Date.now()) {
    removeStorage(TOKEN_KEY)
    removeStorage(TOKEN_EXPIRES_KEY)
    removeStorage(USER_KEY)
    token = null
    user = null
  }
  return { token, user, me: null, elderMode: readStorage<boolean>(ELDER_KEY) === true }
}

let state: SessionState = loadInitialState()
const listeners = new Set<() => void>()

function update(patch: Partial<SessionState>): void {
  state = { ...state, ...patch }
  listeners.forEach((listener) => listener())
}

export function getSession(): SessionState {
  return state
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function getToken(): string | null {
  return state.token
}

export function isLoggedIn(): boolean {
  return state.token !== null
}

/** Remember a successful login. */
export function startSession(login: LoginResponse): void {
  writeStorage(TOKEN_KEY, login.token)
  writeStorage(TOKEN_EXPIRES_KEY, login.expiresAt)
  writeStorage(USER_KEY, login.user)
  update({ token: login.token, user: login.user, me: null })
}

export function setMe(me: MeResponse): void {
  writeStorage(USER_KEY, me.user)
  update({ me, user: me.user })
}

/** Forget the login (logout, or the server said the token is no longer good). Elder mode stays. */
export function endSession(): void {
  removeStorage(TOKEN_KEY)
  removeStorage(TOKEN_EXPIRES_KEY)
  removeStorage(USER_KEY)
  update({ token: null, user: null, me: null })
}

export function setElderMode(on: boolean): void {
  writeStorage(ELDER_KEY, on)
  update({ elderMode: on })
}
