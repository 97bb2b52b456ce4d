// emoji-picker-element under a strict Content-Security-Policy (issue 20): as published it puts a
// <style> element in its shadow root and sets `style` attributes on its nodes, and a host page
// whose policy has no 'unsafe-inline' refuses both (the picker then draws unstyled). Two rewrites
// of its picker.js at bundle time keep its behaviour and move both into the CSSOM, which CSP
// allows: one constructable stylesheet adopted by every picker, and `style.cssText` for the style
// attribute's value. The build fails when the library's code no longer matches (an upgrade must
// look at this again); examples/test/csp.test.ts opens the picker under such a policy.

const PICKER = /[\\/]emoji-picker-element[\\/]picker\.js$/;

const REWRITES = [
  {
    what: 'the <style> element of the shadow root',
    from: /const style = document\.createElement\('style'\);\s*style\.textContent = baseStyles \+ EXTRA_STYLES;\s*this\.shadowRoot\.appendChild\(style\);/,
    to: `this.shadowRoot.adoptedStyleSheets = [pickerSheet ??= (() => { const sheet = new CSSStyleSheet(); sheet.replaceSync(baseStyles + EXTRA_STYLES); return sheet; })()];`,
  },
  {
    what: 'the style attributes its templates set',
    from: /targetNode\.setAttribute\(attributeName, newValue\);/,
    to: `if (attributeName === 'style') targetNode.style.cssText = newValue; else targetNode.setAttribute(attributeName, newValue);`,
  },
];

export function cspEmojiPicker() {
  return {
    name: 'csp-emoji-picker',
    transform(code, id) {
      if (!PICKER.test(id)) return null;
      let out = code;
      for (const r of REWRITES) {
        if (!r.from.test(out)) this.error(`emoji-picker-element changed: cannot find ${r.what} to move it into the CSSOM (scripts/rollup-csp-emoji-picker.mjs)`);
        out = out.replace(r.from, r.to);
      }
      // The one sheet every picker adopts, made with the first.
      return { code: `let pickerSheet;\n${out}`, map: null };
    },
  };
}
