/** `path` equals `ancestor` or lies below it (ltree `<@`). */
export function isAtOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/** Every path and each of its ancestors, once: `1.2.3` gives `1`, `1.2`, `1.2.3`. */
export function withAncestors(paths: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const labels = path.split('.');
    for (let i = 1; i <= labels.length; i++) out.add(labels.slice(0, i).join('.'));
  }
  return [...out];
}
