/*
 * Kasm Topology Planner embed, for docs pages. No dependencies.
 *
 *   <div data-kasm-topology="https://planner.example/#1.3primary.1eu-west"
 *        data-theme="auto" data-show="both" data-title="Our rollout"></div>
 *   <script src="https://planner.example/embed.js" async></script>
 *
 * data-kasm-topology holds a planner share link, or just its part after '#'. Each placeholder
 * becomes an iframe of the planner's read-only embed, sized to its content: the embed posts
 * { type: "kasm-topology:resize", height } to its parent whenever its height changes, and this
 * script accepts that message only from its own iframes' windows and the planner's origin.
 * Placeholders added later (docs sites that navigate without reloading) get their frames too,
 * and frames taken out of the page are forgotten.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  // The planner lives beside this script.
  var planner = new URL('./', script && script.src ? script.src : document.baseURI);
  var frames = new Set();
  // The same sandbox as the iframe snippet the planner gives.
  var SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';
  var MIN_HEIGHT = 80;
  var MAX_HEIGHT = 20000;

  function embedUrl(placeholder) {
    var link = placeholder.getAttribute('data-kasm-topology') || '';
    var cut = link.indexOf('#');
    var fragment = cut >= 0 ? link.slice(cut + 1) : link;
    var query = [];
    ['theme', 'show', 'title'].forEach(function (option) {
      var value = placeholder.getAttribute('data-' + option);
      if (value) query.push(option + '=' + encodeURIComponent(value));
    });
    return new URL('embed.html' + (query.length ? '?' + query.join('&') : '') + '#' + fragment, planner).href;
  }

  function build(placeholder) {
    if (placeholder.querySelector('iframe[data-kasm-topology-frame]')) return;
    var iframe = document.createElement('iframe');
    iframe.setAttribute('data-kasm-topology-frame', '');
    iframe.title = placeholder.getAttribute('data-title') || 'Kasm Workspaces topology';
    iframe.src = embedUrl(placeholder);
    iframe.loading = 'lazy';
    iframe.style.cssText = 'display:block;width:100%;height:320px;border:0;';
    iframe.setAttribute('sandbox', SANDBOX);
    placeholder.appendChild(iframe);
    frames.add(iframe);
  }

  function frameOf(source) {
    var found = null;
    frames.forEach(function (iframe) {
      if (!iframe.isConnected) frames.delete(iframe);
      else if (iframe.contentWindow === source) found = iframe;
    });
    return found;
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== planner.origin) return;
    var iframe = frameOf(event.source);
    var data = event.data;
    if (!iframe || !data || data.type !== 'kasm-topology:resize') return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    iframe.style.height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height))) + 'px';
  });

  function scan(root) {
    if (root.matches && root.matches('[data-kasm-topology]')) build(root);
    var placeholders = root.querySelectorAll ? root.querySelectorAll('[data-kasm-topology]') : [];
    for (var i = 0; i < placeholders.length; i += 1) build(placeholders[i]);
  }

  function start() {
    scan(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(scan);
        if (change.removedNodes.length) frameOf(null);
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
