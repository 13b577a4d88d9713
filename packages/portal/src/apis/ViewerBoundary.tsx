import { Component, type ReactNode } from 'react';

interface ViewerBoundaryProps {
  /** What to show instead when the viewer throws (or its chunk fails to load). */
  fallback: (error: Error) => ReactNode;
  children: ReactNode;
}

/**
 * Keeps a failing viewer (a third-party renderer meeting a definition it chokes on, a chunk that
 * could not be downloaded) from taking the entity page down: the source is shown instead.
 */
export class ViewerBoundary extends Component<ViewerBoundaryProps, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}
