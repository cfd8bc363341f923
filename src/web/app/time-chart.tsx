// A uPlot chart of a view over time, with the figures it draws in a table beneath (for reading and for tests).
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { FigureCell } from './figure.js';
import { epochSeconds, type FigureKind } from './format.js';
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
  /** Bars rather than lines (few, coarse points: days). */
  readonly bars?: boolean;
}

const CHART_HEIGHT = 220;
/** Axis ticks as 250K, 1.2M: the tables beneath give the exact figures. */
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Rows sorted by time; redrawn in place (setData) when they change, so that a live chart does not flicker. */
export function TimeChart({ view, rows, time, timeKind, series, bars }: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const sorted = [...rows].sort((a, b) => epochSeconds(String(a[time])) - epochSeconds(String(b[time])));
  const plotted = series.filter((line) => line.plotted !== false);
  const data: uPlot.AlignedData = [sorted.map((row) => epochSeconds(String(row[time]))), ...plotted.map((line) => sorted.map((row) => toNumber(row[line.column])))];

  useEffect(() => {
    const element = container.current!;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: CHART_HEIGHT,
      // Times are shown in UTC, as the tables beneath write them.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      legend: { show: plotted.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#6b7484', grid: { stroke: '#eef0f4' } },
        { stroke: '#6b7484', grid: { stroke: '#eef0f4' }, size: 56, values: (_plot, ticks) => ticks.map((tick) => COMPACT.format(tick)) },
      ],
      series: [
        {},
        ...plotted.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          fill: `${line.color}22`,
          points: { show: false },
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
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
  }, [plotted.length, bars]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <div>
      <div class="chart" ref={container} />
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
