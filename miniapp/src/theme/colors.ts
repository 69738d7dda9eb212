/**
 * Colours for native chrome (navigation bar, tab bar, page background) that CSS variables
 * cannot reach. Keep in step with tokens.css.
 */
export const NATIVE_COLORS = {
  primary: '#1b7f68',
  text: '#1b2a26',
  textMuted: '#63716d',
  background: '#f2f5f4',
  surface: '#ffffff',
  border: 'white',
} as const
