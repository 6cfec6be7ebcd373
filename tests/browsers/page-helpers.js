/**
 * The journey's steps as the page itself runs them, so one script drives Chromium, Firefox and
 * WebKit through three different automation protocols: each driver only evaluates these calls.
 * Saved files are caught where the app hands them to the browser (a Blob URL on a download link:
 * the fallback of a browser without a save dialog) and hashed in the page, so no download folder
 * or dialog is needed. Evaluated as a script (not a module): it defines `window.__journey`.
 */
(() => {
  if (window.__journey) return;
  const WAIT_MS = 240_000;
  const saved = {};
  const blobs = new Map();

  // Chromium has save and folder dialogs; without them every browser takes the same (download)
  // paths: "Download all the files" (streamed through the service worker) and one file saved.
  delete window.showSaveFilePicker;
  delete window.showDirectoryPicker;
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object) => {
    const url = createObjectURL(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = blobs.get(this.href);
    if (!this.download || !blob) return click.call(this);
    saved[this.download] = (async () => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      return { size: bytes.length, sha256, head: Array.from(bytes.subarray(0, 4)) };
    })();
  };

  async function waitFor(what, find, ms = WAIT_MS) {
    const until = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found) return found;
      const alert = document.querySelector('[role="alert"]');
      if (alert && alert.textContent.trim()) {
        throw new Error(`waiting for ${what}, the page shows: ${alert.textContent.trim()}`);
      }
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const nameOf = (el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  const button = (name) =>
    [...document.querySelectorAll('button')].find(
      (b) => !b.disabled && (name instanceof RegExp ? name.test(nameOf(b)) : nameOf(b) === name),
    );

  window.__journey = {
    async click(name) {
      (await waitFor(`the button ${name}`, () => button(name))).click();
      return true;
    },
    async text(text) {
      await waitFor(`the text ${text}`, () => document.body.innerText.includes(text));
      return true;
    },
    async heading(pattern) {
      const re = new RegExp(pattern);
      await waitFor(`a heading ${pattern}`, () =>
        [...document.querySelectorAll('h1,h2,h3')].find((h) => re.test(h.textContent.trim())),
      );
      return true;
    },
    /** Types into the field a <label> names, as a user would (Svelte listens for input). */
    async fill(label, value) {
      const field = await waitFor(`the field ${label}`, () => {
        const found = [...document.querySelectorAll('label')].find(
          (l) => l.textContent.trim() === label,
        );
        return found && (found.control ?? document.getElementById(found.htmlFor));
      });
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    /** The SHA-256, size and first bytes of a file the app saved. */
    async saved(name) {
      await waitFor(`${name} to be saved`, () => saved[name]);
      return saved[name];
    },
    /** Resolves once the service worker controls this page (it has then cached the build). */
    async offlineReady() {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
        );
      }
      return true;
    },
  };
})();
