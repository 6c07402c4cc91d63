/**
 * The background only wires services from lib/background/*; each service owns its listeners.
 */
export default defineBackground(() => {
  console.info('[liaison] background ready');
});
