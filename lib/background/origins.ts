/**
 * The match pattern a host-permission request names for one origin (a KPI source URL, a
 * self-hosted domain). Chromium matches the port when the pattern names one, so there the
 * permission stays on that port. Firefox does not allow a port in a match pattern: it grants
 * `http://127.0.0.1:8080/*` and then matches no request with it (seen in Firefox ESR 153; MDN,
 * "Match patterns": the host must not include a port), so there the pattern names the host on
 * every port.
 */
export function originPatternFor(url: URL, firefox: boolean = import.meta.env.FIREFOX): string {
  return `${url.protocol}//${firefox ? url.hostname : url.host}/*`;
}
