// Where PageDown / PageUp take the focused cell: AG Grid's own page navigation (its NavigationService's
// onPageDown / onPageUp → navigateToNextPage, no pagination), computed here so use-type-to-edit can carry
// it out through the API. AG Grid's own moves the browser focus into the new cell (a style and layout
// of the new page forced in the middle of drawing it) and the type-to-edit catcher then takes it back
// (another one); through the API the catcher keeps the focus. Pure: no DOM, no AG Grid.

/** The grid's rows as displayed (filtered and collapsed ones left out), and its viewport. */
export interface PageView {
  /** Pixel of the viewport's top (the vertical scroll position) and its height (without a horizontal scrollbar). */
  top: number;
  height: number;
  rowCount: number;
  rowTop(index: number): number;
  rowHeight(index: number): number;
}

export interface PageMove {
  /** The row to scroll to the viewport's top (down) or bottom (up). */
  scrollIndex: number;
  scrollTo: 'top' | 'bottom';
  focusIndex: number;
}

/** The displayed row at a pixel (AG Grid's getRowIndexAtPixel): the first above 0, the last past the end. */
export function rowIndexAtPixel(view: PageView, pixel: number): number {
  const last = view.rowCount - 1;
  if (pixel <= 0) return 0;
  if (view.rowTop(last) <= pixel) return last;
  let lo = 0;
  let hi = last;
  // The last row whose top is at or above the pixel.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (view.rowTop(mid) <= pixel) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The move for a page key from the row `current`; null without rows. */
export function pageMove(view: PageView, current: number, up: boolean): PageMove | null {
  if (view.rowCount === 0) return null;
  const last = view.rowCount - 1;
  const from = Math.min(Math.max(current, 0), last);
  let scrollIndex = rowIndexAtPixel(view, up ? view.top : view.top + view.height);
  const diff = up ? view.rowHeight(from) - view.height : view.height;
  let focusIndex = rowIndexAtPixel(view, view.rowTop(from) + diff);
  if (focusIndex === from) scrollIndex = focusIndex = from + (up ? -1 : 1);
  focusIndex = Math.min(Math.max(focusIndex, 0), last);
  scrollIndex = Math.min(Math.max(scrollIndex, 0), last);
  // A row taller than the view is shown from its top.
  if (view.rowHeight(focusIndex) > view.height) return { scrollIndex: focusIndex, scrollTo: 'top', focusIndex };
  return { scrollIndex, scrollTo: up ? 'bottom' : 'top', focusIndex };
}
