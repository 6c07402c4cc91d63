/** Add a free note to the item. */
import { useState } from 'react';
import { i18n } from '#i18n';
import { addNote } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, FormShell } from '../ui';

export function NoteForm({ id, onClose }: { id: string; onClose: () => void }) {
  const env = usePanelEnv();
  const [text, setText] = useState('');
  return (
    <FormShell
      id={id}
      label={i18n.t('panel.notes.add')}
      submitLabel={i18n.t('panel.notes.addSubmit')}
      onClose={onClose}
      onSubmit={async () => {
        if (!text.trim()) return i18n.t('panel.notes.required');
        await addNote(env.store, env.itemKey, text, env.author);
      }}
    >
      <Field label={i18n.t('panel.notes.field')}>
        <textarea rows={3} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
    </FormShell>
  );
}
