/*
 * Kasm Topology Planner embed, for docs pages. No dependencies.
 *
 *   <div data-kasm-topology="https://planner.example/#1.3primary.1eu-west"
 *        data-theme="page" data-show="both" data-title="Our rollout"></div>
 *   <script src="https://planner.example/embed.js" async></script>
 *
 * data-kasm-topology holds a planner share link, or just its part after '#'. Each placeholder
 * becomes an iframe of the planner's read-only embed, sized to its content: the embed posts
 * { type: "kasm-topology:resize", height } to its parent whenever its height changes, and this
 * script accepts that message only from its own iframes' windows and the planner's origin.
 * Placeholders added later (docs sites that navigate without reloading) get their frames too,
 * and frames taken out of the page are forgotten.
 *
 * data-theme is light, dark, auto (the reader's system setting) or page: the page's own scheme,
 * followed live. This script reads it from the attributes docs themes set (MkDocs Material's
 * data-md-color-scheme, Docusaurus' data-theme, VitePress' and Tailwind's class "dark"), else
 * from the page's computed color-scheme, else from how dark its background is, and posts
 * { type: "kasm-topology:theme", theme: "light" | "dark" } to those frames when it changes.
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

  // The page's own colour scheme, for embeds with data-theme="page".
  function luminance(colour) {
    var rgb = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(colour || '');
    if (!rgb || rgb[4] === '0') return null;
    return (0.2126 * rgb[1] + 0.7152 * rgb[2] + 0.0722 * rgb[3]) / 255;
  }

  function pageTheme() {
    var html = document.documentElement;
    var body = document.body;
    var material = body && body.getAttribute('data-md-color-scheme');
    if (material === 'slate') return 'dark';
    if (material === 'default') return 'light';
    var named = html.getAttribute('data-theme') || (body && body.getAttribute('data-theme'));
    if (named === 'dark' || named === 'light') return named;
    if (html.classList.contains('dark')) return 'dark';
    var scheme = getComputedStyle(html).colorScheme;
    if (scheme === 'dark' || scheme === 'light') return scheme;
    var shade = [body, html].map(function (element) {
      return element ? luminance(getComputedStyle(element).backgroundColor) : null;
    }).filter(function (value) {
      return value !== null;
    })[0];
    if (shade !== undefined) return shade < 0.45 ? 'dark' : 'light';
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }

  function followsPage(iframe) {
    return (iframe.parentNode && iframe.parentNode.getAttribute && iframe.parentNode.getAttribute('data-theme')) === 'page';
  }

  var lastTheme = null;
  function syncTheme(force) {
    var theme = pageTheme();
    if (theme === lastTheme && !force) return;
    lastTheme = theme;
    frames.forEach(function (iframe) {
      if (!iframe.isConnected) frames.delete(iframe);
      else if (followsPage(iframe) && iframe.contentWindow) {
        iframe.contentWindow.postMessage({ type: 'kasm-topology:theme', theme: theme }, planner.origin);
      }
    });
  }

  function embedUrl(placeholder) {
    var link = placeholder.getAttribute('data-kasm-topology') || '';
    var cut = link.indexOf('#');
    var fragment = cut >= 0 ? link.slice(cut + 1) : link;
    var query = [];
    ['theme', 'show', 'title'].forEach(function (option) {
      var value = placeholder.getAttribute('data-' + option);
      // A frame that follows the page starts in the page's scheme, not the reader's.
      if (option === 'theme' && value === 'page') value = 'page-' + pageTheme();
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
    // The frame is up: it gets the page's scheme of now, which may have changed while it loaded.
    if (followsPage(iframe)) iframe.contentWindow.postMessage({ type: 'kasm-topology:theme', theme: pageTheme() }, planner.origin);
  });

  function scan(root) {
    if (root.matches && root.matches('[data-kasm-topology]')) build(root);
    var placeholders = root.querySelectorAll ? root.querySelectorAll('[data-kasm-topology]') : [];
    for (var i = 0; i < placeholders.length; i += 1) build(placeholders[i]);
  }

  function start() {
    scan(document);
    new MutationObserver(function (changes) {
      var palette = false;
      changes.forEach(function (change) {
        if (change.type === 'attributes') palette = palette || change.target === document.documentElement || change.target === document.body;
        change.addedNodes.forEach(scan);
        if (change.removedNodes.length) frameOf(null);
      });
      if (palette) syncTheme(false);
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['class', 'style', 'data-theme', 'data-md-color-scheme'],
    });
    if (window.matchMedia) {
      var query = window.matchMedia('(prefers-color-scheme: dark)');
      var changed = function () {
        syncTheme(false);
      };
      if (query.addEventListener) query.addEventListener('change', changed);
    }
    lastTheme = pageTheme();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
