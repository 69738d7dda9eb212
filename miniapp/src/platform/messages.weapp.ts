import Taro from '@tarojs/taro'
import type { MessageTemplates, SubscribableKind } from '@linli/shared'
import { http } from '../services/http'
import type { PlatformMessages } from './messages.types'

let templates: MessageTemplates['templates'] | null = null

export const platformMessages: PlatformMessages = {
  async preload() {
    try {
      templates = (await http.get<MessageTemplates>('/notifications/templates', { toast: false })).templates
    } catch {
      templates = null // asked again on the next show
    }
  },

  async ask(kinds: readonly SubscribableKind[]) {
    const known = templates
    if (!known) return
    // WeChat takes at most three templates in one request
    const wanted = kinds.filter((k) => known[k]).slice(0, 3)
    if (wanted.length === 0) return
    try {
      const answer = (await Taro.requestSubscribeMessage({ tmplIds: wanted.map((k) => known[k]!) } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
      const accepted = wanted.filter((k) => answer[known[k]!] === 'accept')
      if (accepted.length > 0) await http.post('/notifications/subscriptions', { kinds: accepted }, { toast: false })
    } catch {
      // declined or not supported here: the in-app inbox still gets every message
    }
  },
}
