() => {
  // What does not fit the window, from element bounds: [[problem, where], ...].
  const main = document.querySelector('[data-testid="stMain"]');
  const box = main.querySelector('[data-testid="stMainBlockContainer"]') || main;
  const edge = Math.min(box.getBoundingClientRect().right, document.documentElement.clientWidth);
  const out = [];
  const where = (el) => {
    const owner = el.closest('[data-testid]');
    const text = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60);
    return `${el.tagName.toLowerCase()} in ${owner ? owner.dataset.testid : '?'}: "${text}"`;
  };
  // Hidden, or hidden on purpose from the eye but kept for screen readers (a 1px clipped box).
  const hidden = (el) => {
    for (let p = el; p; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.display === 'none' || cs.visibility === 'hidden') return true;
      const r = p.getBoundingClientRect();
      if (cs.position === 'absolute' && (r.width <= 1 || r.height <= 1 || cs.clip === 'rect(0px, 0px, 0px, 0px)')) return true;
      if (p.tagName === 'DETAILS' && !p.open && !el.closest('summary')) return true;
    }
    return false;
  };
  // A code block or chart may scroll sideways inside a box that itself fits; a table may not.
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== box; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (['auto', 'scroll'].includes(cs.overflowX) && !p.closest('[data-testid="stTable"]')
          && p.getBoundingClientRect().right <= edge + 1) return true;
    }
    return false;
  };
  for (const el of box.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || (el.closest('svg') && el.tagName.toLowerCase() !== 'svg')) continue;
    if (r.right > edge + 1 && !hidden(el) && !inScroller(el)) {
      out.push([`runs ${Math.round(r.right - edge)}px off the right edge`, where(el)]);
    }
  }
  const texts = box.querySelectorAll('button, [data-testid="stMetricLabel"], [data-testid="stMetricValue"], '
    + 'th, td, [data-testid="stWidgetLabel"], [data-testid="stCaptionContainer"]');
  for (const el of texts) {
    if (hidden(el)) continue;
    for (const t of [el, ...el.querySelectorAll('*')]) {
      const cs = getComputedStyle(t);
      const clips = cs.overflowX === 'hidden' || cs.overflow === 'hidden' || cs.textOverflow === 'ellipsis';
      if (clips && t.scrollWidth > t.clientWidth + 1 && t.tagName.toLowerCase() !== 'svg' && !hidden(t)) {
        out.push(['text cut off', where(t)]);
      }
    }
  }
  for (const t of box.querySelectorAll('[data-testid="stTable"] table')) {
    if (!hidden(t) && t.getBoundingClientRect().width > t.parentElement.getBoundingClientRect().width + 1) {
      out.push(['table wider than its box', where(t)]);
    }
  }
  const innermost = (el) => {
    while (el && el.firstElementChild && !['svg', 'BUTTON'].includes(el.firstElementChild.tagName)) {
      el = el.firstElementChild;
    }
    return el;
  };
  for (const m of box.querySelectorAll('[data-testid="stMetric"]')) {
    const label = innermost(m.querySelector('[data-testid="stMetricLabel"]'));
    const value = innermost(m.querySelector('[data-testid="stMetricValue"]'));
    if (label && value) {
      const l = parseFloat(getComputedStyle(label).fontSize);
      const v = parseFloat(getComputedStyle(value).fontSize);
      if (v < 1.25 * l) out.push([`figure (${v}px) not larger than its label (${l}px)`, where(m)]);
    }
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
    out.push(['the page scrolls sideways', String(document.documentElement.scrollWidth)]);
  }
  const seen = new Set();
  return out.filter(([a, b]) => !seen.has(a + b) && seen.add(a + b));
}
