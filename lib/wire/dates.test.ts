import { describe, expect, it } from "vitest";
import { calendarDate, monthNumber, parseLooseDateTime, toIsoDate, toIsoUtc } from "./dates";

describe("dates: one month table, numbered from 1", () => {
  it.each([
    ["Jan", 1],
    ["feb", 2],
    ["Nov.", 11],
    ["NOV", 11],
    ["juil", 7], // AFP
    ["März", 3], // dpa
    ["LUG", 7], // ANSA "1 LUG"
    ["ene", 1], // EFE "21 ene"
    ["dic", 12],
    ["mei", 5], // ANP
    ["Sunday", null],
  ])("monthNumber(%s) = %s", (word, n) => {
    expect(monthNumber(word)).toBe(n);
  });

  it("puts a date without a year in the year nearest the reference", () => {
    const ref = new Date("2027-01-01T06:00:00Z");
    expect(calendarDate(null, 12, 31, ref)?.toISOString()).toBe("2026-12-31T00:00:00.000Z");
    expect(calendarDate(null, 1, 2, ref)?.toISOString()).toBe("2027-01-02T00:00:00.000Z");
    expect(calendarDate(2026, 2, 29, ref)).toBeNull();
  });

  it("reads embargo lines with 1-based months (the old plain-text parser counted from 0)", () => {
    const ref = new Date("2026-11-30T00:00:00Z");
    expect(parseLooseDateTime("0600 GMT December 2, 2026", ref)?.toISOString()).toBe("2026-12-02T06:00:00.000Z");
    expect(parseLooseDateTime("2026-12-01 06:00 UTC", ref)?.toISOString()).toBe("2026-12-01T06:00:00.000Z");
    expect(parseLooseDateTime("02.12.2026 10:00 MEZ", ref)?.toISOString()).toBe("2026-12-02T09:00:00.000Z");
  });

  it("normalizes machine dates to UTC", () => {
    expect(toIsoUtc("20170102T222800+0000")).toBe("2017-01-02T22:28:00Z"); // efe_nitf.xml
    expect(toIsoUtc("2017-10-11T10:41:00+0100")).toBe("2017-10-11T09:41:00Z"); // ansa-newsmlg2-text.xml
    expect(toIsoDate("20261105T000000+0100")).toBe("2026-11-05T00:00:00Z");
  });
});
