// What the model of a connected client is shown: the input of the name and token checks.
import type { NameStyleSetting } from '../gateway/tool-names.js';

export interface ExposedSurface {
  /** The `tools` array of tools/list exactly as an underscore-style client receives it. */
  tools: ReadonlyArray<{ name: string } & Record<string, unknown>>;
  /** The name style setting (TOOLGATE_NAMES / --names); decides which clients see dotted names. */
  nameStyle: NameStyleSetting;
}
