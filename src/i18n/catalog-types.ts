/**
 * One entry of the message catalogue: the same message in English and in Simplified Chinese, side by
 * side, so that neither can exist without the other (the compiler refuses an entry missing one, and
 * test/i18n.test.ts checks that both carry the same `{placeholders}`).
 *
 * Placeholders are `{name}`; a parameter may be a number, a string (data: a device, a command, a
 * counter name; never translated) or another message (translated with the rest).
 * `zh` is written as a Linux engineer would write it: plain, precise, counters and commands untouched.
 */
export interface Entry {
  readonly en: string;
  readonly zh: string;
}

export type Area = Readonly<Record<string, Entry>>;
