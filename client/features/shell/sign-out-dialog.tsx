/**
 * The sign-out flow on screen (sign-out.ts decides): "Sending n changes…" while waiting changes
 * go to the server, then, when some cannot, the question whether to discard them, with their
 * number. Keeping them is the default button.
 */
import { Show, createSignal, type JSX } from 'solid-js'
import { discardQuestion } from './sign-out'

export interface SignOutAsk {
  /** Shows the dialog for the question; resolves with the user's answer. */
  confirmDiscard(count: number, online: boolean): Promise<boolean>
  sending(count: number): void
  done(): void
}

export function createSignOutDialog(): { ask: SignOutAsk; Dialog: () => JSX.Element } {
  const [state, setState] = createSignal<{ kind: 'sending'; count: number } | { kind: 'ask'; count: number; online: boolean; answer: (discard: boolean) => void } | null>(null)
  const ask: SignOutAsk = {
    confirmDiscard: (count, online) => new Promise((resolve) => setState({ kind: 'ask', count, online, answer: (discard) => { setState(null); resolve(discard) } })),
    sending: (count) => setState({ kind: 'sending', count }),
    done: () => setState(null),
  }
  const Dialog = () => (
    <Show when={state()}>
      {(s) => (
        <div class="palette__backdrop">
          <div class="card dialog" role="alertdialog" aria-modal="true" aria-labelledby="sign-out-title" aria-describedby="sign-out-text" data-testid="sign-out-dialog"
            onKeyDown={(e) => { const current = s(); if (e.key === 'Escape' && current.kind === 'ask') current.answer(false) }}>
            <h2 id="sign-out-title" class="dialog__title">Sign out</h2>
            <Show when={s().kind === 'ask' ? s() as Extract<ReturnType<typeof s>, { kind: 'ask' }> : null}
              fallback={<p id="sign-out-text">Sending {s().count === 1 ? '1 change' : `${s().count} changes`} to the server before signing out…</p>}>
              {(q) => (
                <>
                  <p id="sign-out-text">{discardQuestion(q().count, q().online)}</p>
                  <div class="dialog__actions">
                    <button class="button button--primary" type="button" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => q().answer(false)}>{q().count === 1 ? 'Keep it' : 'Keep them'} and stay signed in</button>
                    <button class="button button--danger" type="button" onClick={() => q().answer(true)}>Discard {q().count === 1 ? 'it' : `${q().count} changes`} and sign out</button>
                  </div>
                </>
              )}
            </Show>
          </div>
        </div>
      )}
    </Show>
  )
  return { ask, Dialog }
}
