// A Chart.js chart on a canvas, with a text summary for screen readers (the canvas itself is
// not readable). Only the controllers the console uses are registered, to keep the bundle small.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
  Filler,
);

export function ChartView(props: {
  config: ChartConfiguration;
  summary: string;
  height?: number;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...props.config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...props.config.options },
    });
    return () => chart.destroy();
  }, [props.config]);
  return (
    <figure class="slds-m-vertical_small" data-testid={props.testId}>
      <div style={{ position: "relative", height: `${props.height ?? 260}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.summary} />
      </div>
      <figcaption class="slds-assistive-text">{props.summary}</figcaption>
    </figure>
  );
}
