/**
 * The reader page's client: the live reader (reader-app.ts) in the page's own window, where the
 * reader's place is the window's scroll position.
 */
import "../common/base.css";
import "../common/engagement.css";
import "./reader.css";
import { READER_STATE_ELEMENT_ID, type ReaderState } from "../../shared/page-state.js";
import { startReader, windowPlacement } from "./reader-app.js";

const stateElement = document.getElementById(READER_STATE_ELEMENT_ID);
const root = document.querySelector<HTMLElement>("main.reader");
if (stateElement?.textContent && root) {
  startReader(root, JSON.parse(stateElement.textContent) as ReaderState, windowPlacement, {
    sinceLastVisit: true,
    notifications: true,
  });
}
