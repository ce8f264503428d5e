// The life of one chart on its element, apart from React and from ECharts' own module (so it is tested in
// Node with fakes): every option is drawn once, and the chart is drawn again only when its element's size
// has really changed. Each draw of the 统计 page's SVG charts costs a full layout and SVG patch (the units
// chart has hundreds of bars and labels); a resize() after each setOption and the ResizeObserver's first
// report (made for every observed element, changed or not) used to draw each chart three times on the tab click.

/** What the host uses of an ECharts instance, made on the element at the size it has when the host starts. */
export interface HostedChart<O> {
  setOption(option: O, opts: { notMerge: boolean; lazyUpdate?: boolean }): void;
  /** Lays the chart out for its element's size and draws it (with an option set lazily: that option). */
  resize(): void;
  dispose(): void;
}

export interface ChartHost<O> {
  show(option: O): void;
  dispose(): void;
}

type Observer = Pick<ResizeObserver, 'observe' | 'disconnect'>;

export function hostChart<O>(
  el: Pick<HTMLElement, 'clientWidth' | 'clientHeight'>,
  chart: HostedChart<O>,
  observe: (onResize: () => void) => Observer = (onResize) => new ResizeObserver(onResize),
): ChartHost<O> {
  // The element's size the chart is laid out for (ECharts reads it from the element when it is made).
  let width = el.clientWidth;
  let height = el.clientHeight;
  const sizeChanged = () => {
    if (el.clientWidth === width && el.clientHeight === height) return false;
    width = el.clientWidth;
    height = el.clientHeight;
    return true;
  };
  const observer = observe(() => {
    if (sizeChanged()) chart.resize();
  });
  observer.observe(el as HTMLElement);
  return {
    show(option) {
      // A new option may come with a new height (the units chart grows with the units): then it is set
      // without drawing and drawn by the resize, once, at the size it is shown at.
      if (!sizeChanged()) return chart.setOption(option, { notMerge: true });
      chart.setOption(option, { notMerge: true, lazyUpdate: true });
      chart.resize();
    },
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}
