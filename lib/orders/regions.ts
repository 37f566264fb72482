/** US state names → USPS codes (TikTok gives names in district_info; Acumatica wants the state ID). */
const US_STATES: Record<string, string> = {
  alabama: "AL", alaska: "AK", arizona: "AZ", arkansas: "AR", california: "CA", colorado: "CO", connecticut: "CT",
  delaware: "DE", "district of columbia": "DC", florida: "FL", georgia: "GA", hawaii: "HI", idaho: "ID", illinois: "IL",
  indiana: "IN", iowa: "IA", kansas: "KS", kentucky: "KY", louisiana: "LA", maine: "ME", maryland: "MD",
  massachusetts: "MA", michigan: "MI", minnesota: "MN", mississippi: "MS", missouri: "MO", montana: "MT",
  nebraska: "NE", nevada: "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
  "north carolina": "NC", "north dakota": "ND", ohio: "OH", oklahoma: "OK", oregon: "OR", pennsylvania: "PA",
  "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", tennessee: "TN", texas: "TX", utah: "UT",
  vermont: "VT", virginia: "VA", washington: "WA", "west virginia": "WV", wisconsin: "WI", wyoming: "WY",
  "puerto rico": "PR", guam: "GU", "u.s. virgin islands": "VI", "american samoa": "AS", "northern mariana islands": "MP",
};

/** A state code for the country where one exists: US names become codes; others pass through. */
export function stateCode(country: string, state: string): string {
  const s = state.trim();
  if (country.toUpperCase() !== "US") return s;
  if (/^[A-Z]{2}$/.test(s)) return s;
  return US_STATES[s.toLowerCase()] ?? s;
}

/** TikTok's market codes → ISO 3166-1 alpha-2 (TikTok says GB for the UK; some payloads say UK). */
export const countryCode = (region: string) => (region.toUpperCase() === "UK" ? "GB" : region.toUpperCase());
