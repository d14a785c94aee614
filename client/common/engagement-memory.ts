/**
 * What this device keeps of its part in a blog's polls and reactions, in its own storage and
 * nowhere else: the options it chose and its reactions, one key per blog. (The embed frame's
 * device token is client/embed-frame/device-token.ts.)
 */
import {
  parseRemembered,
  serializeRemembered,
  type Remembered,
} from "../../shared/engagement-model.js";
import { readLocal, writeLocal } from "./local-storage.js";

const rememberedKey = (blogId: string) => `liveblog:engagement:${blogId}`;

export const readRemembered = (blogId: string): Remembered =>
  parseRemembered(readLocal(rememberedKey(blogId)));

export function writeRemembered(blogId: string, remembered: Remembered): void {
  writeLocal(rememberedKey(blogId), serializeRemembered(remembered));
}
