/** Small shared pieces: a section with a heading, an empty state, a form shell that closes on Esc. */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { i18n } from '#i18n';
import { errorText } from './context';

export function Section(props: { title: string; id: string; children: ReactNode; actions?: ReactNode; attrs?: Record<string, string> }) {
  const headingId = useId();
  return (
    // A group, not a region: the panel as a whole is the one landmark.
    <div role="group" className={`lz-section lz-section-${props.id}`} aria-labelledby={headingId} {...props.attrs}>
      <div className="lz-section-head">
        <h3 id={headingId} className="lz-h">
          {props.title}
        </h3>
        {props.actions}
      </div>
      {props.children}
    </div>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <p className="lz-empty">{props.children}</p>;
}

/** Open/close state of an inline form, returning focus to the button that opened it. */
export function useDisclosure() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return {
    open,
    opener,
    show: () => setOpen(true),
    close: () => {
      setOpen(false);
      // Back to the opener so keyboard users keep their place (only when focus was inside the panel).
      queueMicrotask(() => opener.current?.focus({ preventScroll: true }));
    },
  };
}

export function OpenButton(props: { label: string; onClick: () => void; expanded: boolean; controls: string; buttonRef: React.RefObject<HTMLButtonElement | null> }) {
  return (
    <button type="button" className="lz-link-btn" ref={props.buttonRef} aria-expanded={props.expanded} aria-controls={props.controls} onClick={props.onClick}>
      {props.label}
    </button>
  );
}

/**
 * A form that submits with an async action, shows the action's error, and closes on Esc or Cancel.
 * `onSubmit` returns a string to show as an error (validation), or void when done.
 */
export function FormShell(props: {
  id: string;
  label: string;
  submitLabel: string;
  onSubmit: () => Promise<string | void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  // Focus moves into the form that opened (its first field), so keyboard users land where they type.
  useEffect(() => {
    const first = formRef.current?.querySelector<HTMLElement>('input, select, textarea');
    first?.focus({ preventScroll: false });
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const msg = await props.onSubmit();
      if (msg) setError(msg);
      else props.onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
    }
  };
  return (
    <form ref={formRef} id={props.id} className="lz-form" aria-label={props.label} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-describedby={error ? errId : undefined} noValidate>
      {props.children}
      {error && (
        <p id={errId} className="lz-error" role="alert">
          {error}
        </p>
      )}
      <div className="lz-form-actions">
        <button type="submit" className="lz-btn lz-btn-primary" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" className="lz-btn" onClick={props.onClose}>
          {i18n.t('panel.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A labelled control: the label wraps its text and the control (no id plumbing needed). */
export function Field(props: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="lz-field">
      <span className="lz-field-label">{props.label}</span>
      {props.children}
      {props.hint && <span className="lz-hint">{props.hint}</span>}
    </label>
  );
}
