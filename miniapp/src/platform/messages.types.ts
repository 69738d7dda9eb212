import type { SubscribableKind } from '@linli/shared'

/**
 * WeChat subscription messages: each acceptance in `wx.requestSubscribeMessage` allows the server
 * one message of that kind. `ask` must run inside a tap handler (WeChat refuses it otherwise), so
 * the templates are fetched ahead with `preload`. A browser has no WeChat messages: both are no-ops.
 */
export interface PlatformMessages {
  preload(): Promise<void>
  /** Asks for up to three kinds and tells the server which were accepted; never throws. */
  ask(kinds: readonly SubscribableKind[]): Promise<void>
}
