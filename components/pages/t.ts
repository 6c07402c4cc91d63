/** i18n for the pages: the browser's language decides (WXT i18n); Intl formats in the same language. */
import { i18n } from '#i18n';
import { TEAM_NAMES_RU } from '@/lib/core/defaults';
import type { Role, Team } from '@/lib/core/schemas';

export { i18n };
export const t = i18n.t;

/** The language of the messages actually shown ("en" or "ru"), for Intl. */
export function uiLocale(): string {
  return i18n.t('pages.locale') || 'en';
}

export function roleLabel(role: Role): string {
  switch (role) {
    case 'marketer':
      return i18n.t('pages.roles.marketer');
    case 'product-manager':
      return i18n.t('pages.roles.productManager');
    case 'sales-rep':
      return i18n.t('pages.roles.salesRep');
    case 'analyst':
      return i18n.t('pages.roles.analyst');
    case 'support':
      return i18n.t('pages.roles.support');
    case 'lead':
      return i18n.t('pages.roles.lead');
    default:
      return i18n.t('pages.roles.other');
  }
}

/** A team's name in the UI's language (built-in teams have Russian names). */
export function teamName(teams: readonly Team[], id: string): string {
  const team = teams.find((x) => x.id === id);
  if (team?.builtin && uiLocale() === 'ru' && TEAM_NAMES_RU[id]) return TEAM_NAMES_RU[id];
  return team?.name ?? id;
}

/** A message kept as a template with {name} placeholders (filled by the caller). */
export function template(key: string): string {
  return (i18n.t as unknown as (k: string) => string)(key);
}
