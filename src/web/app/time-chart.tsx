// A uPlot chart of a view over time, with the figures it draws in a table beneath (for reading and for tests).
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { FigureCell } from './figure.js';
import { epochSeconds, type FigureKind } from './format.js';
import { bucketTimes, cursorLabel, spanBounds, tickLabel, type TimeSpan } from './time-span.js';
import type { ViewRow } from './view-rows.js';

export interface ChartSeries {
  readonly column: string;
  readonly label: string;
  readonly color: string;
  readonly kind: FigureKind;
  /** False: listed in the table only (a figure on another scale than the chart's). */
  readonly plotted?: boolean;
}

export interface TimeChartProps {
  readonly view: string;
  readonly rows: readonly ViewRow[];
  /** The time column (a timestamp or date): the x axis and the rows' key. */
  readonly time: string;
  readonly timeKind: FigureKind;
  readonly series: readonly ChartSeries[];
  /** The buckets the x axis shows, ending at the latest row's: a few rows do not stretch it over years. */
  readonly span: TimeSpan;
  /** Bars (one per window) rather than lines. */
  readonly bars?: boolean;
}

const CHART_HEIGHT = 220;
/** Up to this many points of a line are drawn as dots too: a lone minute has no line to show it. */
const FEW_POINTS = 20;
/** Axis ticks as 250K, 1.2M: the tables beneath give the exact figures. */
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Rows sorted by time; redrawn in place (setData) when they change, so that a live chart does not flicker. */
export function TimeChart({ view, rows, time, timeKind, series, span, bars }: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const sorted = [...rows].sort((a, b) => epochSeconds(String(a[time])) - epochSeconds(String(b[time])));
  const times = sorted.map((row) => epochSeconds(String(row[time])));
  const bounds = spanBounds(span, times, Date.now() / 1000);
  // Read by the x scale's range on every redraw: the span moves with the latest row.
  const boundsRef = useRef(bounds);
  boundsRef.current = bounds;
  const plotted = series.filter((line) => line.plotted !== false);
  const grid = bucketTimes(span, bounds, times);
  const rowAt = new Map(sorted.map((row, rowIdx) => [times[rowIdx]!, row]));
  const data: uPlot.AlignedData = [grid, ...plotted.map((line) => grid.map((at) => toNumber(rowAt.get(at)?.[line.column])))];

  useEffect(() => {
    const element = container.current!;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: CHART_HEIGHT,
      // Times are shown in UTC, as the tables beneath write them.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      legend: { show: plotted.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => [boundsRef.current.start, boundsRef.current.end] } },
      axes: [
        { stroke: '#6b7484', grid: { stroke: '#eef0f4' }, values: (_plot, ticks) => ticks.map((tick) => tickLabel(tick, span)) },
        { stroke: '#6b7484', grid: { stroke: '#eef0f4' }, size: 56, values: (_plot, ticks) => ticks.map((tick) => COMPACT.format(tick)) },
      ],
      series: [
        { value: (_plot, seconds) => (seconds === null ? '--' : cursorLabel(seconds, span)) },
        ...plotted.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          fill: `${line.color}22`,
          points: { show: bars ? false : (self: uPlot, seriesIdx: number) => presentCount(self.data[seriesIdx]) <= FEW_POINTS },
          // Bars start at their window's start, as the ticks do.
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.7, 60], align: 1 }) } : {}),
        })),
      ],
    };
    plot.current = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(element.clientWidth, 200), height: CHART_HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [plotted.length, bars, span.stepSeconds, span.buckets]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <div>
      <div class="chart" ref={container} data-span-start={isoOf(bounds.start)} data-span-end={isoOf(bounds.end)} />
      <details class="data">
        <summary>figures ({sorted.length})</summary>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>{time}</th>
                {series.map((line) => (
                  <th class="num" key={line.column}>
                    {line.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...sorted].reverse().map((row) => (
                <tr key={String(row[time])}>
                  <FigureCell view={view} row={row} keyColumns={[time]} column={time} kind={timeKind} />
                  {series.map((line) => (
                    <FigureCell key={line.column} view={view} row={row} keyColumns={[time]} column={line.column} kind={line.kind} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

const presentCount = (values: uPlot.AlignedData[number] | undefined): number => (values ?? []).filter((value) => value !== null && value !== undefined).length;

const isoOf = (seconds: number): string => new Date(seconds * 1000).toISOString();
