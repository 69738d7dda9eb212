import type { PlatformMessages } from './messages.types'

/** In a browser there are no WeChat subscription messages: the in-app inbox is the channel. */
export const platformMessages: PlatformMessages = {
  async preload() {},
  async ask() {},
}
