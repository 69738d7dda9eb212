/*
 * Types for `import { platformLogin } from '@/platform/login'`. There is deliberately no
 * login.ts: Taro resolves the import to login.weapp.ts or login.h5.ts by the build's platform,
 * so a platform without its own file fails to build instead of falling back silently.
 */
import type { PlatformLogin } from './login.types'

export declare const platformLogin: PlatformLogin
export type { LoginMode, PlatformLogin } from './login.types'
