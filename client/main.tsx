import { render } from 'solid-js/web'

function App() {
  return <main><h1>Tandem CRM</h1><p>Loading…</p></main>
}

render(() => <App />, document.getElementById('root')!)
