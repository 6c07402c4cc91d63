/**
 * Bar charts of the lead quality page, drawn by Chart.js on a canvas (no eval, no injected styles:
 * fits the extension pages' CSP). Only the bar and line pieces are registered. The canvas is hidden
 * from assistive technology; every chart comes with a table of the same numbers (its text
 * alternative), visually hidden, and the figure's caption names it.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A CSS custom property of pages.css / leads.css ('--ok', '--chart-1', …). */
  color: string;
  /** Drawn as a dashed line across the bars (a norm). */
  line?: boolean;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function BarChart({
  labels,
  series,
  stacked,
  percent,
  format,
  height = 220,
}: {
  labels: string[];
  series: ChartSeries[];
  stacked?: boolean;
  /** Values are shares 0..1 drawn as 0–100 %. */
  percent?: boolean;
  format: (v: number) => string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    // No 2D context (a test DOM, a blocked canvas): the table beside the chart still says it all.
    if (!el || !el.getContext('2d')) return;
    let chart: Chart | null = null;
    const draw = () => {
      chart?.destroy();
      const fg = cssVar('--fg');
      const line = cssVar('--line');
      const datasets = series.map((s): ChartDataset<'bar' | 'line', (number | null)[]> => {
        const color = cssVar(s.color);
        const data = s.values.map((v) => (v === null ? null : percent ? v * 100 : v));
        return s.line
          ? { type: 'line', label: s.label, data, borderColor: color, backgroundColor: color, borderDash: [6, 4], borderWidth: 2, pointRadius: 0 }
          : { type: 'bar', label: s.label, data, backgroundColor: color, borderColor: color, ...(stacked ? { stack: 'one' } : {}) };
      });
      chart = new Chart(el, {
        type: 'bar',
        data: { labels, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { labels: { color: fg, boxWidth: 12 } },
            tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ''}: ${format(percent ? Number(ctx.raw) / 100 : Number(ctx.raw))}` } },
          },
          scales: {
            x: { stacked: !!stacked, ticks: { color: fg }, grid: { color: line } },
            y: {
              stacked: !!stacked,
              beginAtZero: true,
              ...(percent ? { max: 100 } : {}),
              ticks: { color: fg, precision: 0, callback: (v) => (percent ? format(Number(v) / 100) : format(Number(v))) },
              grid: { color: line },
            },
          },
        },
      });
    };
    draw();
    // Light ↔ dark: redraw with the new colours.
    const mq = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    mq?.addEventListener('change', draw);
    return () => {
      mq?.removeEventListener('change', draw);
      chart?.destroy();
    };
  }, [labels, series, stacked, percent, format]);
  return (
    <div className="lq-chart" style={{ height }}>
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}

/** A figure: caption, the chart, and its text alternative (a visually hidden table). */
export function ChartFigure({ id, caption, chart, table }: { id: string; caption: string; chart: ReactNode; table: ReactNode }) {
  return (
    <figure className="lq-figure" aria-labelledby={`${id}-caption`} data-chart={id}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      {chart}
      <div className="sr-only">{table}</div>
    </figure>
  );
}
