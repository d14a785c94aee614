/** Small DOM helpers shared by the reader and editors' pages. */

/** The element matching `selector` under `root`; throws when the page lacks it (a bug, not a state). */
export function $<T extends Element = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`missing element ${selector}`);
  return found;
}

const template = document.createElement("template");

/** The single element that a piece of trusted markup (from shared/render.ts) describes. */
export function elementFrom(html: string): HTMLElement {
  template.innerHTML = html;
  const element = template.content.firstElementChild;
  if (!(element instanceof HTMLElement)) throw new Error("markup did not make an element");
  return element;
}

export interface ReconcileOptions<T> {
  /** The key of an item, and the key of an element as it was rendered (e.g. its id). */
  keyOf(item: T): string;
  keyOfElement(element: HTMLElement): string | undefined;
  /** Rendered again only when this changes (the entry's version). */
  versionOf(item: T): string;
  render(item: T): HTMLElement;
  /** Called for elements that were not there before (to animate them), and for replaced ones. */
  onAdded?(element: HTMLElement, item: T): void;
  onReplaced?(element: HTMLElement, item: T): void;
  /** Leave this element as it is (an entry being edited). */
  keep?(element: HTMLElement): boolean;
}

/**
 * Makes a container's children match `items` in order, keyed: unchanged elements stay (focus,
 * selection and scroll anchors survive), changed versions are re-rendered, moved ones are moved,
 * missing ones are removed. Returns the elements that were added.
 */
export function reconcile<T>(
  container: HTMLElement,
  items: readonly T[],
  options: ReconcileOptions<T>,
): HTMLElement[] {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(container.children)) {
    if (!(child instanceof HTMLElement)) continue;
    const key = options.keyOfElement(child);
    if (key === undefined || existing.has(key)) child.remove();
    else existing.set(key, child);
  }
  const added: HTMLElement[] = [];
  let cursor = container.firstElementChild;
  for (const item of items) {
    const key = options.keyOf(item);
    let element = existing.get(key);
    existing.delete(key);
    if (!element) {
      element = options.render(item);
      added.push(element);
      options.onAdded?.(element, item);
    } else if (element.dataset.version !== options.versionOf(item) && !options.keep?.(element)) {
      const fresh = options.render(item);
      element.replaceWith(fresh);
      if (cursor === element) cursor = fresh;
      element = fresh;
      options.onReplaced?.(element, item);
    }
    if (element === cursor) cursor = cursor.nextElementSibling;
    else container.insertBefore(element, cursor);
  }
  for (const stale of existing.values()) stale.remove();
  return added;
}

/** Whether the reader asked the system for less motion. */
export const prefersReducedMotion = () =>
  window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** The JSON the server put into the page as `<script type="application/json" id="...">`. */
export function readJson<T>(id: string): T {
  return JSON.parse(document.getElementById(id)?.textContent || "{}") as T;
}

/**
 * Makes `current` look like `next` (fresh markup of the same part, from shared/render.ts) while
 * keeping every node whose place and tag stay: a focused button keeps focus, a live region keeps
 * its identity (and so is heard when only its text changes). Where the shape differs, the node
 * is replaced by its fresh counterpart.
 */
export function morph(current: Element, next: Element): Element {
  if (current.tagName !== next.tagName) {
    current.replaceWith(next);
    return next;
  }
  for (const { name } of Array.from(current.attributes)) {
    if (!next.hasAttribute(name)) current.removeAttribute(name);
  }
  for (const { name, value } of Array.from(next.attributes)) {
    if (current.getAttribute(name) !== value) current.setAttribute(name, value);
  }
  const have = Array.from(current.childNodes);
  const want = Array.from(next.childNodes);
  want.forEach((node, i) => {
    const old = have[i];
    if (!old) current.append(node);
    else if (old.nodeType === Node.TEXT_NODE && node.nodeType === Node.TEXT_NODE) {
      if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
    } else if (old instanceof Element && node instanceof Element) morph(old, node);
    else old.replaceWith(node);
  });
  for (const extra of have.slice(want.length)) extra.remove();
  return current;
}
