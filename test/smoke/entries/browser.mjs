// A page in a browser, served from another origin than the API (CORS is real). Each step is
// posted back to the page's own origin; so is anything thrown outside the smoke.
import * as sdk from 'waldur-project-credits';
import * as testing from 'waldur-project-credits/testing';
import { runSmoke } from './smoke.mjs';

const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body) });
addEventListener('error', (event) => void post('report', { step: 'page', ok: false, ms: 0, error: String(event.message) }));
addEventListener('unhandledrejection', (event) => void post('report', { step: 'page', ok: false, ms: 0, error: String(event.reason) }));
const config = JSON.parse(document.getElementById('config').textContent);
await post('hello', { userAgent: navigator.userAgent });
await runSmoke({ sdk, testing, config, report: (result) => post('report', result) });
await post('done', {});
