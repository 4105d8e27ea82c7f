import { describe, expect, it } from "vitest";
import { datelineFromLead, matchDateline, parseDatelineText, plausiblePlace, printedDate } from "./dateline";

// Leads as printed in real agency files (test/fixtures/wire/real/…).
describe("matchDateline: printed datelines", () => {
  it.each([
    ["LIMA, Jan 21 (Reuters) - Pope Francis departed Peru", "LIMA", "Reuters", "Jan 21", "Pope Francis"], // reuters/reuters_newsml.xml
    ["DAMASCUS (Reuters) - Bashar al-Assad was sworn in", "DAMASCUS", "Reuters", null, "Bashar"], // reuters KBN0FL0NN
    ["(ANSA) - ROME, JUL 11 - Russian energy giant Gazprom", "ROME", "ANSA", "JUL 11", "Russian"], // ansa/ansa_belga.xml
    ["(ANSA) - Rome, October 11 - Italian Foreign Minister", "Rome", "ANSA", "October 11", "Italian"], // ansa-newsmlg2-text
    ["CHATHAM, Mass. (AP) _ A lobster died.", "CHATHAM, Mass.", "AP", null, "A lobster"], // ap/ap_anpa-3.tst
    ["GROSSETO, Italy (AP) -- The trial of the captain", "GROSSETO, Italy", "AP", null, "The trial"], // ninjsExMediumText1
    ["NEW YORK (AP) — The gas produced by hog manure", "NEW YORK", "AP", null, "The gas"], // ap/ap-nitf.xml
    ["Nueva Delhi, 21 ene (EFE).- Una pareja de leones", "Nueva Delhi", "EFE", "21 ene", "Una pareja"], // efe_belga
    ["Tegucigalpa, Jan 2 (EFE).- Test body.", "Tegucigalpa", "EFE", "Jan 2", "Test body"], // efe_nitf
    ["MOSCOW, January 21. /TASS/. The Kremlin does not support", "MOSCOW", "TASS", "January 21", "The Kremlin"], // tass
    ["København /ritzau/: En 41-årig mand", "København", "ritzau", null, "En 41-årig"], // ritzau/nitf_test.xml
    ["Jan 30 (Gracenote) - Results and standings", null, "Gracenote", "Jan 30", "Results"], // reuters ISS149709
    ["SEOUL, Nov 26 AFP - Samsung has announced", "SEOUL", "AFP", "Nov 26", "Samsung"], // aap/aap-finance.xml
    ["SAITAMA, Japan, Dec. 9 Kyodo - Urawa Reds claimed", "SAITAMA, Japan", "Kyodo", "Dec. 9", "Urawa"], // kyodo.txt
    [
      "CALGARY, Alberta, Dec. 03, 2019 (GLOBE NEWSWIRE) -- ARROW Exploration",
      "CALGARY, Alberta",
      "GLOBE NEWSWIRE",
      "Dec. 03, 2019",
      "ARROW",
    ],
    ["Athen (dpa) - Ungeachtet der EU-Vereinbarung", "Athen", "dpa", null, "Ungeachtet"], // dpa G2
    ["San Diego (tca/dpa) - History says", "San Diego", "tca/dpa", null, "History"], // dpa 7901
    ["LOS ANGELES (Variety.com) - William H. Macy revealed", "LOS ANGELES", "Variety.com", null, "William"],
    ["(Sports Network) - A pair of teams coming off", null, "Sports Network", null, "A pair"], // IPTC LISTING_22
    ["OTTAWA - A Manitoba man is facing 22 criminal charges", "OTTAWA", null, null, "A Manitoba"], // cp
    ["Paris (ats afp) Les violences liées aux manifestations", "Paris", "ats afp", null, "Les violences"], // ats.txt
    ["(New York, NY - October 21) Et, sent luptat", "New York, NY", null, "October 21", "Et, sent"], // IPTC LISTING_2
  ])("%s", (lead, place, agency, dateText, rest) => {
    const m = matchDateline(lead);
    expect(m).toMatchObject({ place, agency, dateText });
    expect(lead.slice(m!.length).startsWith(rest)).toBe(true);
  });

  it("takes a dateline alone on its line only in a shape that ends with its separator", () => {
    expect(matchDateline("AUSTIN, Texas, Feb. 1, 2017 /PRNewswire-AsiaNet/ --")).toMatchObject({
      place: "AUSTIN, Texas",
      agency: "PRNewswire-AsiaNet",
    });
    expect(matchDateline("BERLIN")).toBeNull();
  });

  it.each([
    "EUROPE DESK ADVISORY - SATURDAY, NOV 14", // a desk advisory's first line, not a place
    "Nutrisystem Inc. (NTRI) on Monday reported fourth-quarter net income", // ticker mid-sentence
    "Shares of Kloeckner (KSTG.DE) - up 3% - led the index", // a ticker is not an agency
    "By then, the river had risen - and kept rising.",
    "The minister said - without giving details - that talks would go on.",
  ])("is not fooled by %s", (text) => {
    expect(matchDateline(text)).toBeNull();
  });
});

describe("metadata datelines", () => {
  it("never takes a timestamp or a country code for a place", () => {
    // reuters tag_reuters.com_2014_newsml_KBN0FL0NN_version_5: <dateline>2014-07-16 15:53:10 GMT+00:00</dateline>
    expect(parseDatelineText("2014-07-16 15:53:10 GMT+00:00", null).place).toBeNull();
    // anp_belga.xml / efe_belga.xml: an ISO 3166 alpha-3 code as the only "place"
    expect(plausiblePlace("NLD")).toBeNull();
    expect(plausiblePlace("IND")).toBeNull();
    expect(plausiblePlace("4/4/2018")).toBeNull(); // ana1.xml
    expect(plausiblePlace("Rome")).toBe("Rome");
    expect(plausiblePlace("NYC")).toBeNull(); // three capitals alone are taken as a code: the printed dateline supplies the place
  });

  it("reads place, agency and date from a dateline field", () => {
    expect(parseDatelineText("BEIJING, July 23", "2019-07-23T10:00:00Z")).toEqual({
      place: "BEIJING",
      agency: null,
      date: "2019-07-23T00:00:00Z",
    });
    expect(parseDatelineText("Strasbourg, 10 juil 2024 (AFP) -", null)).toEqual({
      place: "Strasbourg",
      agency: "AFP",
      date: "2024-07-10T00:00:00Z",
    });
  });

  it("gives a printed date without a year the year nearest the item's date", () => {
    expect(printedDate("Dec 31", "2027-01-01T08:00:00Z")).toBe("2026-12-31T00:00:00Z");
    expect(printedDate("3 feb", "2026-02-04T08:00:00Z")).toBe("2026-02-03T00:00:00Z");
    expect(printedDate("1 LUG", "2026-07-02T08:00:00Z")).toBe("2026-07-01T00:00:00Z");
    expect(printedDate("Feb 30", "2026-02-04T08:00:00Z")).toBeNull();
  });

  it("reads the dateline at the start of a feed body", () => {
    expect(datelineFromLead("TALLINN, Nov 25 (MWS) - Twelve", "2026-11-25T10:00:00Z")).toEqual({
      place: "TALLINN",
      agency: "MWS",
      date: "2026-11-25T00:00:00Z",
    });
  });
});
