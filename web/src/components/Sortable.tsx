// Sortable table columns: a heading is a button that sorts by its column, again to reverse.
import { useState } from "react";

export type SortDir = "asc" | "desc";

/** The sort a table's reader chose: a column key and a direction. */
export function useSort<K extends string>(initial: K, initialDir: SortDir = "desc") {
  const [state, setState] = useState<{ key: K; dir: SortDir }>({ key: initial, dir: initialDir });
  return {
    ...state,
    toggle: (key: K) => setState((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "desc" })),
    /** ``rows`` ordered by the chosen column's value (numbers, or strings such as ISO times). */
    apply<T>(rows: readonly T[], value: Record<K, (row: T) => number | string>): T[] {
      const of = value[state.key];
      const sign = state.dir === "asc" ? 1 : -1;
      return [...rows].sort((a, b) => {
        const x = of(a);
        const y = of(b);
        return sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)));
      });
    },
  };
}

export type Sort<K extends string> = ReturnType<typeof useSort<K>>;

/** A column heading that sorts by ``column``; `aria-sort` tells a screen reader the order. */
export function SortHeader<K extends string>({ label, column, sort, num }: { label: string; column: K; sort: Sort<K>; num?: boolean }) {
  const active = sort.key === column;
  return (
    <th className={num ? "num" : undefined} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort" onClick={() => sort.toggle(column)}>
        {label}
        <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : " ↕"}</span>
      </button>
    </th>
  );
}
