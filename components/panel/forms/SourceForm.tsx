/** The lead source / UTM campaign a campaign stands for (matches the leads' notes for lead quality). */
import { useState } from 'react';
import { i18n } from '#i18n';
import { setSource } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, FormShell } from '../ui';

export function SourceForm({ id, current, onClose }: { id: string; current: string; onClose: () => void }) {
  const env = usePanelEnv();
  const [value, setValue] = useState(current);
  return (
    <FormShell
      id={id}
      label={i18n.t('panel.source.set')}
      submitLabel={i18n.t('panel.save')}
      onClose={onClose}
      onSubmit={async () => {
        await setSource(env.store, env.itemKey, value, env.author);
      }}
    >
      <Field label={i18n.t('panel.source.field')} hint={i18n.t('panel.source.hint')}>
        <input type="text" maxLength={300} value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
    </FormShell>
  );
}
