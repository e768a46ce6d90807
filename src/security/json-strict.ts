// JSON.parse keeps the last of duplicated keys silently: in a policy file that hides a value from whoever
// reads the file. This finds them (with their JSON path) in text JSON.parse has already accepted.

/** The JSON path (`$.executables[0].sockets`) of the first duplicated key, or undefined. */
export function duplicateKey(text: string): string | undefined {
  type Frame = { obj: boolean; keys: Set<string>; path: string; index: number; key?: string };
  const stack: Frame[] = [];
  let expectKey = false;
  const here = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '$';
    return top.obj ? `${top.path}.${top.key ?? ''}` : `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push({ obj: c === '{', keys: new Set(), path: here(), index: 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.obj) top.index++;
      expectKey = top?.obj === true;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const top = stack[stack.length - 1] as Frame;
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        top.key = key;
        if (top.keys.has(key)) return `${top.path}.${key}`;
        top.keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return undefined;
}
