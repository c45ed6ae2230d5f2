// Wraps history.pushState and history.replaceState so single-page-app navigation is seen:
// after the page's own call runs, `onNavigate` is called. Imported by src/page.rs. The wrap is
// installed once per page and never changes what the page's call does or returns.
export function patchHistory(onNavigate) {
  const history = window.history;
  if (history.__handoffPatched) return;
  history.__handoffPatched = true;
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function patched(...args) {
      const result = original.apply(this, args);
      try {
        onNavigate();
      } catch (err) {
        console.error('Handoff: page tracking failed', err);
      }
      return result;
    };
  }
}
