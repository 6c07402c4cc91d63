/** One section failing to render never takes the others (or the host page) down. */
import { Component, type ReactNode } from 'react';
import { i18n } from '#i18n';

export class Boundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(err: unknown) {
    return { error: err instanceof Error ? err.message : String(err) };
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <p className="lz-error" role="alert">
          {i18n.t('panel.sectionError', { message: this.state.error })}
        </p>
      );
    }
    return this.props.children;
  }
}
