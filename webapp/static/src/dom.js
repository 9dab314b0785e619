/** Small DOM helpers shared by the modeler and the viewer. */

/** `target` itself when it is an element, else the element the CSS selector finds; throws when none. */
export function resolveElement(target, name) {
  const element = typeof target === 'string' ? document.querySelector(target) : target;
  if (!(element instanceof HTMLElement)) {
    throw new Error(`${name}: no element ${typeof target === 'string' ? target : 'given'}`);
  }
  return element;
}
