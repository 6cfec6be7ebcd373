import { mount } from 'svelte';
import App from './App.svelte';
import './ui/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });

// After one visit the app works offline (src/offline/service-worker.ts). Only in the built site:
// in development it would serve stale modules.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('./sw.js', { type: 'module' }).catch(() => undefined);
}
