/// <reference path="./modules.d.ts" />
import { createRequire } from 'node:module';
import type MarkdownItConstructor from 'markdown-it';
import type abbrPlugin from 'markdown-it-abbr';
import type attrsPlugin from 'markdown-it-attrs';
import type deflistPlugin from 'markdown-it-deflist';
import type * as emojiPlugins from 'markdown-it-emoji';
import type footnotePlugin from 'markdown-it-footnote';
import type markPlugin from 'markdown-it-mark';
import type subPlugin from 'markdown-it-sub';
import type supPlugin from 'markdown-it-sup';
import type * as yamlModule from 'yaml';

/*
 * The engine's third-party packages are loaded with require(), not `import`. Every module an
 * `import` reaches is resolved and loaded through tsx's loader thread
 * (docs/adr/0003-how-typescript-runs.md), round trips the main thread waits for; require() stays
 * on Node's own loader, for CommonJS builds and, since Node 20.19, for ES modules such as Shiki's.
 * These packages are plain JavaScript: tsx has nothing to do for them. In a fresh
 * `paved docs build` the engine loads in ~2/3 of the time with markdown-it and yaml required
 * (docs/benchmarks.md, docs section). Types still come from the packages' own declarations.
 */
export const requireDependency = createRequire(import.meta.url);

export const MarkdownIt = requireDependency('markdown-it') as typeof MarkdownItConstructor;
export const abbr = requireDependency('markdown-it-abbr') as typeof abbrPlugin;
export const attrs = requireDependency('markdown-it-attrs') as typeof attrsPlugin;
export const deflist = requireDependency('markdown-it-deflist') as typeof deflistPlugin;
export const footnote = requireDependency('markdown-it-footnote') as typeof footnotePlugin;
export const mark = requireDependency('markdown-it-mark') as typeof markPlugin;
export const sub = requireDependency('markdown-it-sub') as typeof subPlugin;
export const sup = requireDependency('markdown-it-sup') as typeof supPlugin;
export const yaml = requireDependency('yaml') as typeof yamlModule;
/** Only pages with a `:shortcode:` need it. */
export const loadEmoji = () => requireDependency('markdown-it-emoji') as typeof emojiPlugins;
