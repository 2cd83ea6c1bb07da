// Starts the planner. Trunk writes the hashed names of the wasm-bindgen glue and the module into
// this script's tag; loading them from a file instead of an inline script lets the page run under
// a Content-Security-Policy without 'unsafe-inline'.
//
// First paint: the build wrote the default topology's table and diagram into the page's
// <noscript> (what visitors without JavaScript read), with that topology's link. A visitor who
// will see that topology (no other link in the address, nothing else saved) gets it at once,
// while the WebAssembly is on its way; the planner takes it away as it mounts (src/ui/mod.rs).
// A visitor with another link or another saved topology sees nothing of the default, not even
// for a frame, but the planner's header and a line saying which topology is on its way (a link
// pasted before the planner starts changes the stand-in with it). Where the module cannot load
// or start (WebAssembly blocked by a policy or an extension, a network that cut it short, a very
// old browser) the page says so, above the default topology, instead of staying blank.
const tag = document.querySelector('script[data-kasm-boot]');
const SAVED_KEY = 'kasm-topology-planner:topology';

// The embed has its own page (embed.html, whose tag names the embed module). Links made before
// it had one (index.html?embed) go there, before the planner's module is fetched any further.
const embed = 'embed' in tag.dataset;
if (!embed && new URLSearchParams(location.search).has('embed')) {
  location.replace(new URL(`embed.html${location.search}${location.hash}`, document.baseURI).href);
  await new Promise(() => {});
}

/** The default topology's first screen, as the build wrote it, without the no-script notice. */
function firstScreen() {
  const source = document.querySelector('noscript')?.textContent ?? '';
  const holder = document.createElement('div');
  holder.innerHTML = source;
  const screen = holder.querySelector('#first-screen');
  screen?.querySelector('.no-script')?.remove();
  return screen;
}

function saved() {
  try {
    return localStorage.getItem(SAVED_KEY)?.trim() ?? '';
  } catch {
    return '';
  }
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The link in the address, without `#`, decoded; empty when there is none. */
function addressLink() {
  return decoded(location.hash.replace(/^#/, '').trim());
}

/**
 * Whether `text` (from the address or storage) is the topology of `link`, the first screen's,
 * which the build wrote in today's format. A link of a format before the end mark (1 to 3) has
 * the same body after its version; a link of today's format must match whole, since only the
 * planner can tell a cut one.
 */
function sameTopology(text, link) {
  return text === link || (/^[123]\./.test(text) && text.slice(1) === link.slice(1).replace(/!E[\w-]{4}$/, ''));
}

/** Whether the planner will open on the first screen's topology (its `data-link`). */
function opensOn(screen) {
  const link = screen?.dataset.link;
  const hash = addressLink();
  return Boolean(link) && (hash === '' ? saved() === '' || sameTopology(saved(), link) : sameTopology(hash, link));
}

// What stands in for the planner until it mounts: the default topology's first screen, or, for
// another topology, the planner's header and a line saying which one is on its way.
let shown = null;

/** The planner's header (from the first `screen`) and a line saying which topology is on its way. */
function opening(screen) {
  const link = addressLink();
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.className = 'opening';
  const own = link === '' || link === saved();
  status.textContent = own ? 'Opening your saved topology…' : 'Opening the topology in the link…';
  const holder = document.createElement('div');
  holder.id = 'first-screen';
  holder.append(screen.querySelector('header') ?? '', status);
  return holder;
}

/** Shows the stand-in for the topology the planner will open, in place of the one shown. */
function standIn() {
  shown?.remove();
  const screen = firstScreen();
  shown = screen && !opensOn(screen) ? opening(screen) : screen;
  if (shown) document.body.prepend(shown);
}

/** A link pasted into the address bar before the planner starts changes what it will open. */
function follow() {
  if (document.body.dataset.planner !== 'mounted') standIn();
}

if (!embed) {
  standIn();
  addEventListener('hashchange', follow);
}
// How the planner loads its tools module (the export and embed panels) when first opened: a
// wasm-bindgen module's glue, imported and started, with its exports.
globalThis.kasmLoadModule = (js, wasm) => import(js).then((m) => m.default({ module_or_path: wasm }).then(() => m));
// How the pages update the placement table, "What to provision" and the diagram
// (src/ui/dom.rs): `markup` is the children of `box`, each element's markup ended by U+0001
// (which escaped text never holds). What `box` showed last is kept on it. The elements the two
// share at the start and at the end stay; between them, an element whose markup is unchanged
// (another zone's, when one zone changed) is kept too, moved if it must, and only new markup is
// parsed, so the browser styles and lays out only what changed.
globalThis.kasmPatch = (box, markup) => {
  const next = markup.split('\x01').slice(0, -1);
  const last = box.kasmShown;
  const kids = box.children;
  box.kasmShown = next;
  if (last?.length !== kids.length) {
    box.innerHTML = next.join('');
    return;
  }
  let start = 0;
  let end = last.length;
  let to = next.length;
  while (start < end && start < to && last[start] === next[start]) start++;
  while (end > start && to > start && last[end - 1] === next[to - 1]) end--, to--;
  const kept = new Map();
  for (let i = start; i < end; i++) {
    if (!kept.has(last[i])) kept.set(last[i], []);
    kept.get(last[i]).push(kids[i]);
  }
  const made = [];
  const order = next.slice(start, to).map((html) => kept.get(html)?.shift() ?? (made.push(html), null));
  for (const unused of kept.values()) for (const element of unused) element.remove();
  // The new elements, parsed in one go in the container's own context (SVG, a table body, a list).
  const holder = box.cloneNode(false);
  holder.innerHTML = made.join('');
  let at = start ? kids[start - 1].nextElementSibling : box.firstElementChild;
  for (const element of order) {
    const placed = element ?? holder.firstElementChild;
    if (placed === at) at = at.nextElementSibling;
    else box.insertBefore(placed, at);
  }
};
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
  // The planner marks the page once it has mounted: the stand-in never goes back beside it.
  const mounted = document.body.dataset.planner === 'mounted';
  removeEventListener('hashchange', follow);
  // Nothing is on its way any more: the line goes, the default topology stands in.
  if (!shown?.dataset.link) {
    shown?.remove();
    shown = null;
  }
  if (!shown && !crashed && !embed && !mounted) {
    shown = firstScreen();
    if (shown) document.body.prepend(shown);
  }
  const below = shown?.isConnected ? " Below is the planner's default topology, to read; editing needs both." : '';
  message.textContent = crashed
    ? `The Kasm Topology Planner stopped with an error while starting (${error.message}). ` +
      'Reload the page; if it happens again, the link in the address bar shows what it was given.'
    : `The Kasm Topology Planner could not start: ${error?.message ?? error}. ` +
      'It needs JavaScript and WebAssembly: allow them for this site, or try another browser.' +
      (addressLink() ? ' The link is still in the address bar.' : '') +
      below;
  document.body.prepend(message);
}
