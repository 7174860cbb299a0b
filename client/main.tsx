import { render } from 'solid-js/web'
import { App } from './app'
import { registerServiceWorker } from './sw/register-service-worker'
import './styles.css'

render(() => <App />, document.getElementById('root')!)
registerServiceWorker()
