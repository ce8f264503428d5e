// The ledger's rows as a tree: children by parent, in the order given (display order).

export function childrenByParent<R extends { id: number; parentId: number | null }>(rows: readonly R[]): Map<number, R[]> {
  const out = new Map<number, R[]>();
  for (const r of rows) {
    if (r.parentId == null) continue;
    const list = out.get(r.parentId);
    if (list) list.push(r);
    else out.set(r.parentId, [r]);
  }
  return out;
}

/** Every row below `id`, without recursion. */
export function descendantsOf<R extends { id: number }>(children: ReadonlyMap<number, readonly R[]>, id: number): R[] {
  const out: R[] = [];
  const stack = [...(children.get(id) ?? [])];
  while (stack.length) {
    const r = stack.pop()!;
    out.push(r);
    stack.push(...(children.get(r.id) ?? []));
  }
  return out;
}
