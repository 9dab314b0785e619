/**
 * The read-only diagram of a running or finished process, with its progress marked.
 *
 * Bundled by build.mjs into `window.EscalationsViewer`:
 *
 *   const view = await EscalationsViewer.show({
 *     container: '#diagram',
 *     xml,
 *     marks: { completed: ['Start', 'Task_submit'], active: ['Task_approve'], waiting: ['Timer_sla'] },
 *     overlays: [{ id: 'Task_approve', text: 'Approvers · due 14:00' }]
 *   });
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './bpmn.css';

import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import { resolveElement } from './dom.js';

/** The marker class of each kind of progress mark. */
export const MARKERS = {
  completed: 'esc-completed',
  active: 'esc-active',
  waiting: 'esc-waiting'
};

/** Where an overlay sits by default: a badge over the element's top-right corner. */
const OVERLAY_POSITION = { top: -12, right: 24 };

const viewers = new WeakMap();

/**
 * Show `xml` in `container` (an element or a CSS selector), replacing what it showed before.
 *
 * `marks` maps completed/active/waiting to element ids; each overlay is `{id, text}` (shown as
 * text) or `{id, html}` (trusted markup), with an optional diagram-js `position`. Resolves to
 * `{viewer, warnings, missing}`: the bpmn-js NavigatedViewer, import warnings, and the ids of
 * marks and overlays the diagram does not have.
 */
export async function show({ container, xml, marks = {}, overlays = [] } = {}) {
  const parent = resolveElement(container, 'container');
  viewers.get(parent)?.destroy();
  const viewer = new NavigatedViewer({ container: parent });
  viewers.set(parent, viewer);

  const { warnings } = await viewer.importXML(xml);
  viewer.get('canvas').zoom('fit-viewport', 'auto');
  const missing = [...addMarks(viewer, marks), ...addOverlays(viewer, overlays)];
  return { viewer, warnings: warnings.map((warning) => warning.message), missing };
}

function addMarks(viewer, marks) {
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const missing = [];
  for (const [kind, ids] of Object.entries(marks)) {
    const marker = MARKERS[kind];
    if (!marker) {
      throw new Error(`marks: unknown kind ${kind}; expected ${Object.keys(MARKERS).join(', ')}`);
    }
    for (const id of ids || []) {
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      } else {
        missing.push(id);
      }
    }
  }
  return missing;
}

function addOverlays(viewer, overlays) {
  const registry = viewer.get('elementRegistry');
  const service = viewer.get('overlays');
  const missing = [];
  for (const { id, text, html, position } of overlays) {
    if (!registry.get(id)) {
      missing.push(id);
      continue;
    }
    const badge = document.createElement('div');
    badge.className = 'esc-overlay';
    if (html !== undefined) {
      badge.innerHTML = html;
    } else {
      badge.textContent = text ?? '';
    }
    service.add(id, 'escalations', { position: position || OVERLAY_POSITION, html: badge });
  }
  return missing;
}
