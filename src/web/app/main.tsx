// The dashboard's entry module, loaded by the page the server renders (see src/web/dashboard-page.ts).
import { render } from 'preact';
import { App } from './app.js';

render(<App />, document.getElementById('app')!);
