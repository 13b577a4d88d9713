// Sets the colour scheme before the app loads, so a dark-theme user never sees a white flash.
// A file rather than an inline script: the Content-Security-Policy allows scripts from 'self' only.
(() => {
  try {
    const stored = localStorage.getItem('paved-color-scheme');
    const dark =
      stored === 'dark' || (stored !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.setAttribute('data-mantine-color-scheme', dark ? 'dark' : 'light');
  } catch {
    // storage unavailable: Mantine decides once loaded
  }
})();
