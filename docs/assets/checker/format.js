// Norwegian formatting of amounts, shares and dates ("2 200 000 kr", "45,5 %", "30. august 2023"),
// and the link to a paragraph a report names.

const integer = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("nb-NO", { style: "percent", maximumFractionDigits: 1 });
const longDate = new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export const kroner = (n) => `${integer.format(n)} kr`;
export const euro = (n) => `${integer.format(n)} euro`;
export const number = (n) => decimal.format(n);
export const share = (x) => percent.format(x);

/** "2023-08-30" -> "30. august 2023"; anything else is returned as written. */
export function date(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return text;
  const value = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return Number.isNaN(value.getTime()) ? text : longDate.format(value);
}

const localDate = new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric" });
export const today = () => localDate.format(new Date());

// Sources are site-relative ("utlysning/#frist"); only such paths become links.
const SAFE_SOURCE = /^[a-z0-9][a-z0-9\-/]*\/(#[a-z0-9\-]+)?$/;

/** The link from the checker page (/sjekk/) to a report's `source`, or null. */
export function sourceHref(source) {
  return typeof source === "string" && SAFE_SOURCE.test(source) ? `../${source}` : null;
}
