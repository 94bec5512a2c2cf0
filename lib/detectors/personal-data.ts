import { detectRules, type Detection, type Rule } from "./detection";

// Personal data. Bounded quantifiers and no nested repetition: each pattern runs in linear time.

const EMAIL = /(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;
// International (+CC …) or North-American (NXX) NXX-XXXX shapes with separators; digits only, 8–15 of them.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){1,4}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w])/g;
const IBAN = /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b/g;
const CARD = /(?<![\d-])((?:\d[ -]?){12,18}\d)(?![\d-])/g;
const SSN = /(?<![\d-])(\d{3}-\d{2}-\d{4})(?![\d-])/g;

/** ISO 13616 check: move the first four characters to the end, letters to 10–35, remainder mod 97 is 1. */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, "");
  if (iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const value = ch >= "A" && ch <= "Z" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

/** Luhn checksum over the digits of a card number. */
export function luhnValid(raw: string): boolean {
  const digits = raw.replace(/[ -]/g, "");
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** A US SSN in its dashed form, excluding numbers the SSA never issues (000, 666, 9xx areas; 00 group; 0000 serial). */
function ssnValid(m: RegExpExecArray): boolean {
  const [area, group, serial] = m[1].split("-");
  return area !== "000" && area !== "666" && area[0] !== "9" && group !== "00" && serial !== "0000";
}

// Gates: an email holds an @; phone numbers, IBANs and SSNs a run of at least two digits; a card
// number at least a digit (its digits may each stand alone: "4 1 1 1 …").
const TWO_DIGITS = /\d\d/;
const RULES: Rule[] = [
  { rule: "email", kind: "personal", pattern: EMAIL, gate: /@/ },
  {
    rule: "phone-number",
    kind: "personal",
    pattern: PHONE,
    gate: TWO_DIGITS,
    accept: (m) => {
      const digits = m[0].replace(/\D/g, "").length;
      return digits >= 8 && digits <= 15;
    },
  },
  { rule: "iban", kind: "personal", pattern: IBAN, gate: TWO_DIGITS, accept: (m) => ibanValid(m[1]) },
  { rule: "card-number", kind: "personal", pattern: CARD, gate: /\d/, accept: (m) => luhnValid(m[1]) },
  { rule: "us-ssn", kind: "personal", pattern: SSN, gate: TWO_DIGITS, accept: ssnValid },
];

export function detectPersonalData(text: string, gated = true): Detection[] {
  return detectRules(text, RULES, gated);
}
