// The 统计 page's chart host: each option is drawn once, and the chart is laid out again only when its
// element's size changed — not on the ResizeObserver's first report, made for every element it observes.
import { describe, expect, it } from 'vitest';
import { hostChart, type HostedChart } from '../../renderer/src/pages/dashboard/chart-host.js';

function fixture(width = 600, height = 240) {
  const el = { clientWidth: width, clientHeight: height };
  const calls: string[] = [];
  const chart: HostedChart<string> = {
    setOption: (option, opts) => calls.push(`setOption ${option}${opts.notMerge ? '' : ' merged'}${opts.lazyUpdate ? ' lazily' : ''}`),
    resize: () => calls.push('resize'),
    dispose: () => calls.push('dispose'),
  };
  let onResize: (() => void) | null = null;
  const observed: unknown[] = [];
  const host = hostChart(el, chart, (cb) => {
    onResize = cb;
    return { observe: (target: Element) => void observed.push(target), disconnect: () => void calls.push('disconnect') };
  });
  return { el, calls, host, observed, reportSize: () => onResize!() };
}

describe('hostChart', () => {
  it('draws an option once: no resize after it, none on the first size report of an unchanged element', () => {
    const f = fixture();
    expect(f.observed).toEqual([f.el]);
    f.host.show('A');
    f.reportSize();
    expect(f.calls).toEqual(['setOption A']);
  });

  it('lays the chart out again when the element is resized, once per change', () => {
    const f = fixture();
    f.host.show('A');
    f.el.clientWidth = 800;
    f.reportSize();
    f.reportSize();
    expect(f.calls).toEqual(['setOption A', 'resize']);
  });

  it('draws a new option that comes with a new height once, by the resize', () => {
    const f = fixture();
    f.host.show('A');
    f.el.clientHeight = 900;
    f.host.show('B');
    // React has already given the element the new option's height; its size report comes after.
    f.reportSize();
    expect(f.calls).toEqual(['setOption A', 'setOption B lazily', 'resize']);
  });

  it('stops observing and disposes of the chart', () => {
    const f = fixture();
    f.host.dispose();
    expect(f.calls).toEqual(['disconnect', 'dispose']);
  });
});
