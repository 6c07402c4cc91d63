/**
 * The domain core: pure TypeScript, no browser APIs.
 * Not re-exported here: ./holidays (registers the large date-holidays library as the calendars'
 * holiday source; import it for its side effect only where the library can be afforded).
 */
export * from './item-ref';
export * from './schemas';
export * from './defaults';
export * from './calendar';
export * from './production-calendar';
export * from './sla';
export * from './brief';
export * from './deps';
export * from './kpi';
export * from './leads';
export * from './funnel';
