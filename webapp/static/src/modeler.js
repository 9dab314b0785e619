/**
 * The BPMN modeler of the template editor: bpmn-js with the Camunda 7 properties panel.
 *
 * Bundled by build.mjs into `window.EscalationsModeler`:
 *
 *   const editor = EscalationsModeler.create({ container: '#canvas', propertiesPanel: '#panel' });
 *   await editor.importXML(xml);
 *   editor.selectElement('Task_approve');    // a publish problem was clicked
 *   const xml = await editor.saveXML();
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './bpmn.css';

import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import CamundaPlatformBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

import { resolveElement } from './dom.js';

/** The marker class of an element pointed at from outside the canvas (a publish problem). */
export const HIGHLIGHT_MARKER = 'esc-highlight';

/**
 * Create a modeler in `container`, with the properties panel in `propertiesPanel` when given.
 *
 * Both are elements or CSS selectors. Returns the editor described in the module comment.
 */
export function create({ container, propertiesPanel } = {}) {
  const panelParent = propertiesPanel ? resolveElement(propertiesPanel, 'propertiesPanel') : null;
  const modeler = new Modeler({
    container: resolveElement(container, 'container'),
    // Without the Camunda behaviors, changing a form field's type leaves stale camunda:value children.
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      CamundaPlatformBehaviors
    ],
    moddleExtensions: { camunda: camundaModdle },
    ...(panelParent ? { propertiesPanel: { parent: panelParent } } : {})
  });
  return new Editor(modeler, Boolean(panelParent));
}

/**
 * Resolve once the properties panel follows the selection.
 *
 * The panel subscribes to selection changes in a Preact effect, which runs after the next paint
 * (or after 35 ms on a hidden page); a selection made before that never reaches the panel.
 */
function panelReady() {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      cancelAnimationFrame(frame);
      setTimeout(resolve);
    };
    const timer = setTimeout(done, 150);
    const frame = requestAnimationFrame(done);
  });
}

class Editor {
  constructor(modeler, hasPanel) {
    /** The bpmn-js Modeler itself, for what this small API does not cover. */
    this.modeler = modeler;
    this._hasPanel = hasPanel;
    this._highlighted = new Set();
  }

  /**
   * Show `xml`; resolves to `{warnings}` (messages) once the diagram and its panel are ready.
   *
   * Rejects when the XML cannot be read.
   */
  async importXML(xml) {
    this._highlighted.clear();
    const { warnings } = await this.modeler.importXML(xml);
    this.modeler.get('canvas').zoom('fit-viewport', 'auto');
    if (this._hasPanel) {
      await panelReady();
    }
    return { warnings: warnings.map((warning) => warning.message) };
  }

  /** The diagram as BPMN 2.0 XML, indented. */
  async saveXML() {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml;
  }

  /**
   * Select the element `id`, bring it into view and mark it with `esc-highlight`.
   *
   * The previous highlight goes; returns false when the diagram has no such element.
   */
  selectElement(id) {
    const element = this.modeler.get('elementRegistry').get(id);
    if (!element) {
      return false;
    }
    this.clearHighlights();
    const canvas = this.modeler.get('canvas');
    // Also switches to the element's plane when it sits in a collapsed sub-process.
    canvas.scrollToElement(element);
    this.modeler.get('selection').select(element);
    if (element !== canvas.getRootElement()) {
      canvas.addMarker(element, HIGHLIGHT_MARKER);
      this._highlighted.add(element);
    }
    return true;
  }

  /** Remove every highlight that `selectElement` added. */
  clearHighlights() {
    const canvas = this.modeler.get('canvas');
    // Elements, not ids: an id may have been edited since; a deleted element is skipped by canvas.
    for (const element of this._highlighted) {
      canvas.removeMarker(element, HIGHLIGHT_MARKER);
    }
    this._highlighted.clear();
  }

  /** Call `callback()` after every change to the diagram (undo and redo included); returns an unsubscribe function. */
  onChange(callback) {
    const listener = () => callback();
    this.modeler.on('commandStack.changed', listener);
    return () => this.modeler.off('commandStack.changed', listener);
  }

  /** Remove the modeler and its panel from the page. */
  destroy() {
    this.modeler.destroy();
  }
}
