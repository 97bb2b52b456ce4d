/**
 * Lifts a floating element (the consultant, the panel's popup) into the browser's top layer as a
 * manual popover: it is then placed against the viewport and drawn above the whole page, whatever
 * the host page does around it — an ancestor with `transform` (which would otherwise become the
 * containing block of `position: fixed`), `overflow: hidden` (which would clip it), or a sibling
 * with a huge `z-index`. A manual popover neither closes on Escape nor on outside clicks, and
 * opening the page's own popovers or modal dialogs leaves it alone. Browsers without the popover
 * API ignore it and keep `position: fixed`. The element's styles undo the browser's popover look.
 */
export function raise(el: HTMLElement, on: boolean): void {
  if (!('showPopover' in el)) return;
  if (!on) {
    if (el.popover) el.removeAttribute('popover'); // hides it too
    return;
  }
  el.popover = 'manual';
  if (el.isConnected && !el.matches(':popover-open')) el.showPopover();
}
