/* Types for `import { platformMessages } from '../platform/messages'`; Taro picks messages.weapp.ts or messages.h5.ts. */
import type { PlatformMessages } from './messages.types'

export declare const platformMessages: PlatformMessages
export type { PlatformMessages } from './messages.types'
