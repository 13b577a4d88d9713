import { type CSSVariablesResolver, createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** The portal's theme: Mantine defaults with a blue primary and darker shades for AA contrast. */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'sm',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  fontFamilyMonospace: 'ui-monospace, "JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  // Text on filled primary buttons turns dark where white would fail WCAG AA (dark theme's blue-4).
  autoContrast: true,
});

/**
 * Mantine's "dimmed" grey is 3.3:1 on white, under WCAG AA's 4.5:1 for body text; Paved uses
 * dimmed text for secondary lines everywhere, so it is darkened (lightened in the dark theme).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] as string },
  dark: { '--mantine-color-dimmed': t.colors.dark[1] as string },
});

/** Remembers light/dark/auto; public/color-scheme.js reads the same key before the app loads. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'paved-color-scheme' });
