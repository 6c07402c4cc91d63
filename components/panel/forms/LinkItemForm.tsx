/** Link another item by pasting its URL (Jira, Trello, Notion or a CRM record). */
import { useState } from 'react';
import { i18n } from '#i18n';
import { linkItemByUrl, type DependencyInput } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, FormShell } from '../ui';
import { DependencyFields } from './DependencyFields';

export function LinkItemForm({ id, onClose }: { id: string; onClose: () => void }) {
  const env = usePanelEnv();
  const [url, setUrl] = useState('');
  const [dep, setDep] = useState<DependencyInput>({ relation: 'needs', state: 'pending' });
  return (
    <FormShell
      id={id}
      label={i18n.t('panel.items.link')}
      submitLabel={i18n.t('panel.items.linkSubmit')}
      onClose={onClose}
      onSubmit={async () => {
        if (!url.trim()) return i18n.t('panel.items.urlRequired');
        if (dep.state === 'blocked' && !dep.reason?.trim()) return i18n.t('panel.teams.reasonRequired');
        const r = await linkItemByUrl(env.store, env.itemKey, url, dep, env.author, env.custom);
        if (r.ok) return;
        if (r.error === 'self') return i18n.t('panel.items.errorSelf');
        if (r.error === 'duplicate') return i18n.t('panel.items.errorDuplicate');
        return i18n.t('panel.items.errorUnsupported');
      }}
    >
      <Field label={i18n.t('panel.items.urlField')} hint={i18n.t('panel.items.urlHint')}>
        <input type="url" inputMode="url" autoComplete="off" spellCheck={false} value={url} maxLength={4000} onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <DependencyFields value={dep} onChange={setDep} />
    </FormShell>
  );
}
