// Starts the planner. Trunk writes the hashed names of the wasm-bindgen glue and the module into
// this script's tag; loading them from a file instead of an inline script lets the page run under
// a Content-Security-Policy without 'unsafe-inline'.
const tag = document.querySelector('script[data-kasm-boot]');
const glue = new URL(tag.dataset.js, document.baseURI).href;
const module = new URL(tag.dataset.wasm, document.baseURI).href;
const { default: init } = await import(glue);
await init({ module_or_path: module });
