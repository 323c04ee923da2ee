// addEventListener with its undo recorded, so destroy() can leave no listener behind.

export function on(target: EventTarget, type: string, fn: (e: any) => void, cleanup: (() => void)[], capture = false): void {
  target.addEventListener(type, fn, capture);
  cleanup.push(() => target.removeEventListener(type, fn, capture));
}
