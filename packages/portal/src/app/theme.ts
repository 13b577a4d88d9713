import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** The portal's theme: Mantine defaults with a blue primary and darker shades for AA contrast. */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'sm',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
});

/** Remembers light/dark/auto; public/color-scheme.js reads the same key before the app loads. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'paved-color-scheme' });
