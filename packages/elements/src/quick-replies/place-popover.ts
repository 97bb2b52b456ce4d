/** Space between the anchor and the popover, and between the popover and the viewport's edges. */
const GAP = 4;
const MARGIN = 8;

/**
 * Places a fixed popover against its anchor, in the viewport: above it (a composer sits at the
 * bottom of its panel) or below when there is no room above; aligned with its start edge. The
 * same rule as the emoji popover's (emoji-popover.component.ts), kept here so this chunk does not
 * pull in the emoji picker's.
 */
export function placeAgainst(popover: HTMLElement, anchor: Element): void {
  const a = anchor.getBoundingClientRect();
  const { width, height } = popover.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = innerHeight;
  let top = a.top - GAP - height;
  if (top < MARGIN && a.bottom + GAP + height <= vh - MARGIN) top = a.bottom + GAP;
  top = Math.max(MARGIN, Math.min(top, vh - MARGIN - height));
  const rtl = getComputedStyle(popover).direction === 'rtl';
  // The popover ends where its anchor ends (a lightning button sits at the end of the composer).
  const start = rtl ? a.left : a.right - width;
  const left = Math.max(MARGIN, Math.min(start, vw - MARGIN - width));
  popover.style.top = `${Math.round(top)}px`;
  popover.style.left = `${Math.round(left)}px`;
}
