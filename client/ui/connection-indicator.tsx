/** Online / offline / syncing, with the number of local changes the server has not committed. */
export type ConnectionState = 'online' | 'offline' | 'syncing'

export function ConnectionIndicator(props: { state: ConnectionState; waiting: number }) {
  const label = () => {
    const waiting = props.waiting === 1 ? '1 change waiting' : `${props.waiting} changes waiting`
    switch (props.state) {
      case 'online': return props.waiting > 0 ? `Online · ${waiting}` : 'Online · all changes saved'
      case 'syncing': return props.waiting > 0 ? `Syncing · ${waiting}` : 'Syncing…'
      case 'offline': return props.waiting > 0 ? `Offline · ${waiting}, kept on this device` : 'Offline'
    }
  }
  return (
    <span class={`connection connection--${props.state}`} role="status" aria-live="polite" data-testid="connection">
      <span class="connection__dot" aria-hidden="true" />
      {label()}
    </span>
  )
}
