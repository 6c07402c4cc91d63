/** The domain core: pure TypeScript, no browser APIs. */
export * from './item-ref';
export * from './schemas';
export * from './defaults';
export * from './calendar';
export * from './sla';
export * from './brief';
export * from './deps';
export * from './kpi';
export * from './leads';
export * from './funnel';
