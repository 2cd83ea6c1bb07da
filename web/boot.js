// Starts the planner. Trunk writes the hashed names of the wasm-bindgen glue and the module into
// this script's tag; loading them from a file instead of an inline script lets the page run under
// a Content-Security-Policy without 'unsafe-inline'. Where the module cannot load or start
// (WebAssembly blocked by a policy or an extension, a network that cut it short, a very old
// browser) the page says so instead of staying blank.
const tag = document.querySelector('script[data-kasm-boot]');
try {
  if (typeof WebAssembly !== 'object') throw new Error('this browser has no WebAssembly');
  const glue = new URL(tag.dataset.js, document.baseURI).href;
  const module = new URL(tag.dataset.wasm, document.baseURI).href;
  const { default: init } = await import(glue);
  await init({ module_or_path: module });
} catch (error) {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.className = 'boot-error';
  // A module that loaded and then failed is the planner's fault, not the browser's.
  const crashed = typeof WebAssembly === 'object' && error instanceof WebAssembly.RuntimeError;
  message.textContent = crashed
    ? `The Kasm Topology Planner stopped with an error while starting (${error.message}). ` +
      'Reload the page; if it happens again, the link in the address bar shows what it was given.'
    : `The Kasm Topology Planner could not start: ${error?.message ?? error}. ` +
      'It needs JavaScript and WebAssembly: allow them for this site, or try another browser. ' +
      'If you opened a shared link, it is still in the address bar.';
  document.body.prepend(message);
}
