/** Everything this page keeps in Web Storage, as `key=value` lines, for "no secret here" checks. */
export function everythingStored(): string {
  const lines: string[] = [];
  for (const storage of [localStorage, sessionStorage]) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i) ?? '';
      lines.push(`${key}=${storage.getItem(key) ?? ''}`);
    }
  }
  return lines.join('\n');
}
