/** Set the launch, end, release and due dates Liaison keeps for this item (a date typed here is chosen over the page's). */
import { useState } from 'react';
import { i18n } from '#i18n';
import type { ItemDates } from '@/lib/core/schemas';
import { setDates } from '@/lib/panel/actions';
import { usePanelEnv } from '../context';
import { Field, FormShell } from '../ui';
import { dateFieldLabel } from '../labels';

const FIELDS = ['launch', 'end', 'release', 'due'] as const;
type F = (typeof FIELDS)[number];

/** The calendar day of a stored date-only or instant value, for a date input. */
const dayOf = (v: string | undefined) => (v ? v.slice(0, 10) : '');

export function DatesForm({ id, current, pageDates, hostDates, onClose }: { id: string; current: ItemDates; pageDates: ItemDates; hostDates: ItemDates; onClose: () => void }) {
  const env = usePanelEnv();
  const [values, setValues] = useState<Record<F, string>>(() => ({
    launch: dayOf(pageDates.launch ?? current.launch),
    end: dayOf(pageDates.end ?? current.end),
    release: dayOf(pageDates.release ?? current.release),
    due: dayOf(pageDates.due ?? current.due),
  }));
  return (
    <FormShell
      id={id}
      label={i18n.t('panel.dates.set')}
      submitLabel={i18n.t('panel.save')}
      onClose={onClose}
      onSubmit={async () => {
        if (values.launch && values.end && values.end < values.launch) return i18n.t('panel.dates.endBeforeLaunch');
        const changes: Partial<Record<F, string>> = {};
        for (const f of FIELDS) {
          // Only what the user changed is stored; a date the page already shows stays the page's.
          const before = dayOf(pageDates[f] ?? current[f]);
          if (values[f] !== before) changes[f] = values[f];
        }
        if (Object.keys(changes).length) await setDates(env.store, env.itemKey, changes, env.author, hostDates);
      }}
    >
      <div className="lz-grid2">
        {FIELDS.map((f) => (
          <Field key={f} label={dateFieldLabel(f)}>
            <input type="date" value={values[f]} onChange={(e) => setValues({ ...values, [f]: e.target.value })} />
          </Field>
        ))}
      </div>
    </FormShell>
  );
}
