/** Free notes on the item, newest first, and the form to add one. */
import { i18n } from '#i18n';
import type { ItemMeta } from '@/lib/core/schemas';
import { formatDate } from '@/lib/panel/format';
import { usePanelEnv } from '../context';
import { Empty, OpenButton, Section, useDisclosure } from '../ui';
import { NoteForm } from '../forms/NoteForm';

export function NotesSection({ notes }: { notes: ItemMeta['notes'] }) {
  const env = usePanelEnv();
  const form = useDisclosure();
  const sorted = [...notes].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Section
      id="notes"
      title={i18n.t('panel.notes.title')}
      actions={<OpenButton label={i18n.t('panel.notes.add')} onClick={form.show} expanded={form.open} controls="lz-form-note" buttonRef={form.opener} />}
    >
      {form.open && <NoteForm id="lz-form-note" onClose={form.close} />}
      {sorted.length === 0 ? (
        <Empty>{i18n.t('panel.notes.empty')}</Empty>
      ) : (
        <ul className="lz-list">
          {sorted.map((n) => (
            <li key={`${n.at}|${n.by}|${n.text}`} className="lz-note-item">
              <p className="lz-note-text">{n.text}</p>
              <p className="lz-small lz-muted">
                {n.by ? `${n.by} · ` : ''}
                {formatDate(n.at, env.locale)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
