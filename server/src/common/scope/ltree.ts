/** `path` equals `ancestor` or lies below it (ltree `<@`). */
export function isAtOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}
