/**
 * One small trend chart of the weekly sync agenda: chart.js on a canvas (no eval, fits the
 * extension pages' CSP), only the pieces a line chart with a norm line or band needs, registered
 * here (tree-shaken). The canvas is an image with a summary as its name; the numbers are also in
 * a visually hidden table next to it, for screen readers.
 */
import { CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, type ChartDataset } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler);

export interface TrendRow {
  /** The week's label ("May 4"). */
  label: string;
  /** The value (a percentage 0–100, or days), null = no data. */
  value: number | null;
  /** The value in words for the table ("92% · 11 of 12", "no data"). */
  text: string;
  /** What it is based on, in words. */
  basis: string;
}

export interface TrendChartProps {
  id: string;
  title: string;
  rows: TrendRow[];
  /** The norm: a line at `min`, or a band from `min` to `max` (same unit as the values). */
  norm?: { min: number; max?: number };
  /** The y axis: 0–100 % for shares, from 0 for durations. */
  percent: boolean;
  /** The unit after each y tick ("%", "days"). */
  unit: string;
  summary: string;
  labels: { week: string; value: string; basis: string };
}

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

export function TrendChart({ id, title, rows, norm, percent, unit, summary, labels }: TrendChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    // No 2D context (a test DOM, a blocked canvas): the table below still carries the numbers.
    if (!el || !el.getContext('2d')) return;
    let chart: Chart<'line', (number | null)[], string> | null = null;
    const draw = () => {
      chart?.destroy();
      const fg = cssVar(el, '--fg', '#1b1f24');
      const muted = cssVar(el, '--muted', '#57606a');
      const line = cssVar(el, '--line', '#d0d7de');
      const accent = cssVar(el, '--accent', '#0a58ca');
      const ok = cssVar(el, '--ok', '#1a7f37');
      const datasets: ChartDataset<'line', (number | null)[]>[] = [
        {
          label: title,
          data: rows.map((r) => r.value),
          borderColor: accent,
          backgroundColor: accent,
          pointRadius: 3,
          borderWidth: 2,
          spanGaps: false,
          order: 0,
        },
      ];
      if (norm) {
        datasets.push({ label: 'norm', data: rows.map(() => norm.min), borderColor: ok, borderDash: [4, 3], borderWidth: 1.5, pointRadius: 0, fill: false, order: 1 });
        if (norm.max !== undefined) {
          datasets.push({
            label: 'norm-max',
            data: rows.map(() => norm.max!),
            borderColor: ok,
            borderDash: [4, 3],
            borderWidth: 1.5,
            pointRadius: 0,
            backgroundColor: `${ok}26`,
            fill: '-1',
            order: 2,
          });
        }
      }
      const max = percent ? 100 : Math.max(1, ...rows.map((r) => r.value ?? 0), norm?.max ?? norm?.min ?? 0);
      chart = new Chart<'line', (number | null)[], string>(el, {
        type: 'line',
        data: { labels: rows.map((r) => r.label), datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          events: [],
          plugins: { legend: { display: false }, tooltip: { enabled: false } },
          scales: {
            x: { ticks: { color: muted, font: { size: 10 }, maxRotation: 0, autoSkip: true }, grid: { display: false }, border: { color: line } },
            y: {
              min: 0,
              max: percent ? 100 : undefined,
              suggestedMax: percent ? undefined : max,
              ticks: { color: muted, font: { size: 10 }, maxTicksLimit: 5, callback: (v) => (unit === '%' ? `${String(v)}%` : `${String(v)} ${unit}`) },
              grid: { color: line },
              border: { color: line },
            },
          },
          color: fg,
        },
      });
    };
    draw();
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener?.('change', draw);
    return () => {
      media?.removeEventListener?.('change', draw);
      chart?.destroy();
    };
  }, [rows, norm, percent, title, unit]);
  return (
    <figure className="trend" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="trend-canvas">
        <canvas ref={canvas} role="img" aria-label={summary} data-trend={id} />
      </div>
      <table className="agenda-sr">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{labels.week}</th>
            <th scope="col">{labels.value}</th>
            <th scope="col">{labels.basis}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.text}</td>
              <td>{r.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
