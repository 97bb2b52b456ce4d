/**
 * Scrolls `list` (and nothing else) so that `item` is in view: the arrows keep the active option
 * visible. Not `scrollIntoView`, which would also scroll the page or the panel around a list that
 * hangs over them (the composer's suggestions, the popover in the top layer).
 */
export function keepInView(item: HTMLElement | null, list: HTMLElement | null): void {
  if (!item || !list) return;
  const top = item.getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop;
  const bottom = top + item.offsetHeight;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
}
