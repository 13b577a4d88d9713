// Placeholder: the search palette is being written (owner: explorer helper).
export function openSearch(): void {}
export function SearchPalette() {
  return null;
}
