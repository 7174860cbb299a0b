/** The list's filters: one line each (column, operator, value), added and removed by the user. */
import { For, Index, Show } from 'solid-js'
import type { ListColumn } from './list-columns'
import { words } from './list-columns'
import { FILTER_OP_LABELS, filterOps, type FilterOp, type ListFilter } from './list-query'

export function FilterPanel(props: { id: string; columns: readonly ListColumn[]; filters: readonly ListFilter[]; onChange: (filters: ListFilter[]) => void }) {
  const column = (key: string) => props.columns.find((c) => c.key === key)
  const update = (i: number, change: Partial<ListFilter>) =>
    props.onChange(props.filters.map((f, j) => (j === i ? { ...f, ...change } : f)))
  const add = () => {
    const first = props.columns[0]
    if (first) props.onChange([...props.filters, { key: first.key, op: filterOps(first)[0]!, value: '' }])
  }
  return (
    <div class="filter-panel" id={props.id} role="group" aria-label="Filters">
      {/* By position, not by object: a line keeps its inputs (and focus) while its value changes. */}
      <Index each={props.filters}>
        {(filter, i) => {
          const col = () => column(filter().key)
          const id = () => `filter-${i}`
          return (
            <div class="filter-panel__line">
              <label class="visually-hidden" for={`${id()}-column`}>Filter column</label>
              <select id={`${id()}-column`} value={filter().key} onChange={(e) => {
                const next = column(e.currentTarget.value)
                if (next) update(i, { key: next.key, op: filterOps(next)[0]!, value: '' })
              }}>
                <For each={props.columns}>{(c) => <option value={c.key} selected={c.key === filter().key}>{c.label}</option>}</For>
              </select>
              <label class="visually-hidden" for={`${id()}-op`}>Condition</label>
              <select id={`${id()}-op`} value={filter().op} onChange={(e) => update(i, { op: e.currentTarget.value as FilterOp })}>
                <For each={col() ? filterOps(col()!) : []}>{(op) => <option value={op} selected={op === filter().op}>{FILTER_OP_LABELS[op]}</option>}</For>
              </select>
              <Show when={filter().op === 'is' || filter().op === 'contains'}>
                <label class="visually-hidden" for={`${id()}-value`}>Value</label>
                <Show when={filter().op === 'is'} fallback={
                  <input id={`${id()}-value`} type="text" value={filter().value} placeholder="Text" onInput={(e) => update(i, { value: e.currentTarget.value })} />
                }>
                  <select id={`${id()}-value`} value={filter().value} onChange={(e) => update(i, { value: e.currentTarget.value })}>
                    <option value="">Choose…</option>
                    <For each={col()?.def.kind === 'boolean' ? ['true', 'false'] : [...(col()?.def.values ?? [])]}>
                      {(v) => <option value={v} selected={v === filter().value}>{v === 'true' ? 'Yes' : v === 'false' ? 'No' : words(v)}</option>}
                    </For>
                  </select>
                </Show>
              </Show>
              <button type="button" class="button button--quiet" aria-label={`Remove filter on ${col()?.label ?? filter().key}`}
                onClick={() => props.onChange(props.filters.filter((_, j) => j !== i))}>Remove</button>
            </div>
          )
        }}
      </Index>
      <div class="filter-panel__actions">
        <button type="button" class="button" onClick={add}>Add filter</button>
        <Show when={props.filters.length > 0}><button type="button" class="button button--quiet" onClick={() => props.onChange([])}>Clear filters</button></Show>
      </div>
    </div>
  )
}
