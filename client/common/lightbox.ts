/**
 * Tapping a picture opens it large. Every entry figure links its largest variant, so without
 * JavaScript the link opens the picture itself; with it, a click (or Enter on the focused link)
 * opens a modal `<dialog>` instead: showModal keeps focus inside it and closes it on Escape,
 * and focus goes back to the link that opened it. The picture is the figure's own `<picture>`,
 * asked for at the viewport's width (the browser takes the 1600 px variant on a big screen),
 * with its alt text and caption.
 */
import type { I18n } from "../../shared/i18n/i18n.js";

export interface LightboxOptions {
  /**
   * Where the open dialog goes. Centred in the viewport by default; a frame as tall as its
   * content (the embed page) puts it next to the figure, where the reader is looking.
   */
  place?(dialog: HTMLDialogElement, opener: HTMLElement): void;
}

const LINK = "a.entry-figure-link";

function dialogElement(i18n: I18n): HTMLDialogElement {
  const dialog = document.createElement("dialog");
  dialog.className = "lightbox";
  dialog.innerHTML =
    `<button type="button" class="button lightbox-close" data-lightbox-close></button>` +
    `<figure class="lightbox-figure" data-lightbox-figure></figure>`;
  dialog.querySelector("[data-lightbox-close]")!.textContent = i18n.t("picture.close");
  document.body.append(dialog);
  return dialog;
}

/** The figure's picture at full size: the same sources, sized for the whole viewport. */
function largePicture(link: HTMLAnchorElement): HTMLElement | null {
  const picture = link.querySelector("picture")?.cloneNode(true);
  if (!(picture instanceof HTMLElement)) return null;
  for (const sized of picture.querySelectorAll("source, img")) {
    if (sized.hasAttribute("sizes")) sized.setAttribute("sizes", "100vw");
  }
  const img = picture.querySelector("img");
  if (!img) return null;
  img.removeAttribute("loading");
  // Sized now from its width and height, so the box does not grow when the large file arrives:
  // as big as the viewport allows beside the close button and the caption, never enlarged.
  const width = Number(img.getAttribute("width"));
  const height = Number(img.getAttribute("height"));
  if (width > 0 && height > 0) {
    const scale = Math.min(1, (innerWidth - 16) / width, (innerHeight - 128) / height);
    img.style.width = `${Math.max(1, Math.floor(width * scale))}px`;
  }
  return picture;
}

/** Opens the figure links under `root` in a dialog; returns a function that stops it. */
export function enableLightbox(
  root: HTMLElement,
  i18n: I18n,
  options: LightboxOptions = {},
): () => void {
  let dialog: HTMLDialogElement | null = null;
  let opener: HTMLAnchorElement | null = null;

  const ensureDialog = () => {
    if (dialog) return dialog;
    const made = dialogElement(i18n);
    made.addEventListener("click", (event) => {
      // The dialog's own box shows only around the picture: a click there is on the backdrop.
      const target = event.target as Element;
      if (target === made || target.closest("[data-lightbox-close]")) made.close();
    });
    made.addEventListener("close", () => {
      made.querySelector("[data-lightbox-figure]")!.replaceChildren();
      opener?.focus();
      opener = null;
    });
    return (dialog = made);
  };

  const open = (link: HTMLAnchorElement) => {
    const picture = largePicture(link);
    if (!picture) return false;
    const box = ensureDialog();
    const caption = link.closest("figure")?.querySelector("figcaption")?.cloneNode(true);
    box
      .querySelector("[data-lightbox-figure]")!
      .replaceChildren(picture, ...(caption ? [caption] : []));
    const alt = picture.querySelector("img")?.alt ?? "";
    box.setAttribute(
      "aria-label",
      alt ? i18n.t("picture.labelAlt", { alt }) : i18n.t("picture.label"),
    );
    box.style.marginTop = "";
    opener = link;
    box.showModal();
    options.place?.(box, link);
    box.querySelector<HTMLButtonElement>("[data-lightbox-close]")!.focus();
    return true;
  };

  const onClick = (event: MouseEvent) => {
    // A new tab, a download or a middle click: the browser does what the reader asked.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)
      return;
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>(LINK);
    if (link && root.contains(link) && open(link)) event.preventDefault();
  };
  root.addEventListener("click", onClick);

  return () => {
    root.removeEventListener("click", onClick);
    if (dialog?.open) dialog.close();
    dialog?.remove();
  };
}
