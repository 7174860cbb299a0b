/**
 * A long text (kind `text`) co-edited live: a plain textarea bound to the record's Y.Text, with
 * each colleague's caret and selection drawn over it in their colour and their name on the caret.
 * Positions travel as Yjs relative positions, so they stay on the right characters while anyone types.
 */
import { For, createEffect, createSignal, onCleanup } from 'solid-js'
import { cursorIndexes } from '../../../shared/doc/text-cursor'
import { caretCoordinates, selectionRects } from '../../ui/caret-coordinates'
import { EDIT_ORIGIN, type RecordView } from '../../store/create-record-view'
import { bindTextArea } from './text-area-binding'

/** A colleague's name flag is about this tall (0.6rem at line height 1.25, plus room). */
const FLAG_HEIGHT_PX = 14

interface Mark {
  key: string
  name: string
  color: string
  caret: { top: number; left: number; height: number }
  rects: Array<{ top: number; left: number; width: number; height: number }>
}

export function LongTextField(props: { view: RecordView; name: string; id: string; label: string; disabled: boolean }) {
  const [element, setElement] = createSignal<HTMLTextAreaElement>()
  const [tick, setTick] = createSignal(0)
  const redraw = () => setTick((n) => n + 1)

  createEffect(() => {
    const el = element()
    if (!el) return
    const doc = props.view.doc()
    const unbind = bindTextArea(el, doc, props.name, {
      origin: EDIT_ORIGIN,
      beforeWrite: () => props.view.ensureCreated(),
      caret: (anchor, head) => props.view.caret(props.name, anchor, head),
      changed: redraw,
    })
    el.addEventListener('scroll', redraw)
    const resize = new ResizeObserver(redraw)
    resize.observe(el)
    onCleanup(() => {
      unbind()
      el.removeEventListener('scroll', redraw)
      resize.disconnect()
    })
  })

  const marks = (): Mark[] => {
    tick()
    const el = element()
    if (!el) return []
    const doc = props.view.doc()
    const out: Mark[] = []
    for (const person of props.view.people()) {
      if (!person.cursor || person.cursor.field !== props.name) continue
      const at = cursorIndexes(doc, props.name, person.cursor.cursor)
      if (!at) continue
      const length = el.value.length
      const head = Math.min(at.head, length)
      const [start, end] = [Math.min(at.anchor, head, length), Math.min(Math.max(at.anchor, head), length)]
      const caret = caretCoordinates(el, head)
      if (caret.top + caret.height < 0 || caret.top > el.clientHeight) continue
      out.push({ key: String(person.clientId), name: person.name, color: person.color, caret, rects: selectionRects(el, start, end) })
    }
    return out
  }

  return (
    <div class="long-text">
      <textarea id={props.id} name={props.name} ref={setElement} disabled={props.disabled} rows={6} aria-label={props.label}
        onFocus={() => props.view.focus(props.name)} onBlur={() => { props.view.focus(null); props.view.stopCapturing() }} />
      <div class="long-text__marks" aria-hidden="true">
        <For each={marks()}>
          {(mark) => (
            <>
              <For each={mark.rects}>
                {(r) => <span class="long-text__selection" style={{ top: `${r.top}px`, left: `${r.left}px`, width: `${r.width}px`, height: `${r.height}px`, 'background-color': mark.color }} />}
              </For>
              <span class="long-text__caret" data-testid="remote-caret" style={{ top: `${mark.caret.top}px`, left: `${mark.caret.left}px`, height: `${mark.caret.height}px`, 'background-color': mark.color }}>
                {/* On the first line the flag would be cut off above the box: it goes below the caret. */}
                <span class="long-text__flag" classList={{ 'long-text__flag--below': mark.caret.top < FLAG_HEIGHT_PX }} style={{ 'background-color': mark.color }}>{mark.name}</span>
              </span>
            </>
          )}
        </For>
      </div>
    </div>
  )
}
