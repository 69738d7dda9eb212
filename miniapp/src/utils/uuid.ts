/**
 * A random UUID v4, made on the phone (a visit's id, so a retry is the same visit).
 * Uses crypto.getRandomValues where the platform has it (browsers, newer WeChat base
 * libraries); otherwise Math.random mixed with the clock, which is enough to keep one
 * carer's visits apart.
 */
export function uuidv4(): string {
  const bytes = new Uint8Array(16)
  // `typeof` on an undeclared global is safe where there is no `crypto` (older WeChat).
  const c = typeof crypto !== 'undefined' ? (crypto as { getRandomValues?: (a: Uint8Array) => Uint8Array }) : undefined
  if (c && typeof c.getRandomValues === 'function') {
    c.getRandomValues(bytes)
  } else {
    let seed = Date.now()
    for (let i = 0; i < 16; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      bytes[i] = (Math.floor(Math.random() * 256) ^ (seed >> 16)) & 0xff
    }
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
