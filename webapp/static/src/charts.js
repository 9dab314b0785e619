/**
 * Charts for the dashboard: Chart.js with only the pieces its charts use.
 *
 * Bundled by build.mjs into `window.EscalationsCharts`:
 *
 *   const chart = EscalationsCharts.draw(canvas, { type: 'bar', data, options });
 *   EscalationsCharts.Chart.getChart(canvas);   // the chart drawn on a canvas, if any
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip
} from 'chart.js';

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend,
  LinearScale, Tooltip);

// Bootstrap's body font and muted text colour, so charts read like the rest of the page.
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
Chart.defaults.color = '#6c757d';
// A short entrance, and none for those who asked their system for less motion.
Chart.defaults.animation.duration = matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 400;

export { Chart };

/** Draw a chart on `canvas` (an element or its id), replacing any chart drawn there before. */
export function draw(canvas, config) {
  const element = typeof canvas === 'string' ? document.getElementById(canvas) : canvas;
  Chart.getChart(element)?.destroy();
  return new Chart(element, config);
}
