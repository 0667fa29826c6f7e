// Writes the PBIP semantic model (reporting/powerbi/Regfin.SemanticModel/definition) from the .pq
// files next to it: one TMDL table per table query, with the query's M as its partition and its
// column types as TMDL data types, Swedish column names (sourceColumn keeps the contract's name),
// the parameters and RegfinTable as shared expressions, the star schema's relationships and the
// measures. Run it after changing a .pq file: node reporting/powerbi/check/generate.mjs
// check.mjs then verifies the result against the C# contract.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const folder = join(dirname(fileURLToPath(import.meta.url)), "..");
const definition = join(folder, "Regfin.SemanticModel", "definition");
const parameters = ["DataSource", "StorageAccount", "AzuriteTableEndpoint", "SasToken"];
const helpers = new Set([...parameters, "RegfinTable"]);

// Swedish column names; a column not listed keeps its contract name.
const common = {
  PartitionKey: "PartitionKey", RowKey: "RowKey", Period: "Period", PeriodEnd: "Periodslut", ComputedAt: "Beräknad",
  PolicyVersion: "Policyversion", Sources: "Källor", Committee: "Nämnd", Account: "Konto", ReportLine: "Rapportrad",
  AmountSek: "Belopp", Area: "Område", KpiId: "Nyckeltal", RuleId: "Regel", Label: "Benämning", Unit: "Enhet",
  Status: "Status", Reason: "Orsak", Kind: "Typ", AsOf: "Per datum", Portfolio: "Portfölj", Segment: "Tillgångsslag",
  Share: "Andel", Min: "Min", Max: "Max", Year: "År", Measured: "Uppmätt", Description: "Beskrivning", Detail: "Detaljer",
  LabelSv: "Benämning", LabelEn: "Benämning (engelska)", Formula: "Formel", AlertId: "Larm", Message: "Meddelande",
};
const labels = {
  imports: { BlobName: "Filnamn", Sha256: "SHA-256", SizeBytes: "Storlek (byte)", Rows: "Rader", Scopes: "Omfattningar", ErrorCount: "Antal fel", ReportBlob: "Felrapport", ReceivedAt: "Mottagen", ProcessedAt: "Behandlad", DuplicateOf: "Dubblett av" },
  kpis: { Value: "Värde", Month: "Månadens värde", PriorYear: "Föregående år", Budget: "Budget hittills i år", BudgetYear: "Årsbudget (kolumn)", Deviation: "Avvikelse mot budget", Target: "Mål", Forecast: "Prognos (kolumn)", ForecastDeviation: "Prognosavvikelse (kolumn)", ForecastSource: "Prognoskälla", ForecastAsOf: "Prognos efter månad" },
  committeeresults: { Name: "Nämndnamn", NetCost: "Nettokostnad", Month: "Månadens nettokostnad", PriorYear: "Föregående år", Budget: "Budget hittills i år", BudgetYear: "Årsbudget (kolumn)", Deviation: "Avvikelse mot budget", NetCostGrowth: "Nettokostnadsutveckling", GrowthCeiling: "Tak för utveckling", Forecast: "Prognos nettokostnad", ForecastDeviation: "Prognosavvikelse mot årsbudget", ForecastSource: "Prognoskälla", ForecastAsOf: "Prognos efter månad", ForecastGrowth: "Nettokostnadsutveckling enligt prognos", Comment: "Kommentar" },
  forecastaccuracy: { Line: "Rad", AsOf: "Prognos efter månad", Forecast: "Prognos för året", Outcome: "Årets utfall", Error: "Prognosfel", ErrorShare: "Prognosfel i andel av utfallet" },
  allocation: { MarketValue: "Marknadsvärde", Normal: "Normalläge" },
  returns: { Return: "Avkastning", Benchmark: "Jämförelseindex", Active: "Aktiv avkastning", ReturnYtd: "Avkastning hittills i år", BenchmarkYtd: "Jämförelseindex hittills i år", ActiveYtd: "Aktiv avkastning hittills i år", RequirementYtd: "Avkastningskrav hittills i år", ExcessYtd: "Överavkastning hittills i år", Inflation: "Inflation" },
  debt: { TotalDebt: "Total skuld", AverageRate: "Genomsnittlig ränta", AverageFixingYears: "Räntebindning (år)", AverageMaturityYears: "Kapitalbindning (år)", ShareFixingWithin12Months: "Andel räntebindning inom 12 månader", ShareMaturingWithin12Months: "Andel förfall inom 12 månader", LargestLenderShare: "Största långivarens andel", LargestLender: "Största långivare" },
  maturityprofile: { Principal: "Kapitalbelopp" },
  liquidity: { Date: "Datum", LiquidFunds: "Likvida medel", CreditFacility: "Checkkredit", Available: "Tillgängligt", PaymentReadinessDays: "Betalningsberedskap (dagar)", PaymentReadinessDaysWithCredit: "Betalningsberedskap med kredit (dagar)", AtLeast: "Minst", MinimumProjected: "Lägsta prognostiserade", MinimumProjectedDate: "Datum för lägsta prognostiserade", CashCoverageDays: "Kassatäckning (dagar)", ForecastAsOf: "Likviditetsprognos per", HorizonDays: "Horisont (dagar)" },
  investments: { ProjectId: "Projekt", ProjectName: "Projektnamn", Category: "Kategori", BudgetYear: "Investeringsbudget för året", OutcomeYtd: "Utfall hittills i år", ForecastYear: "Prognos för året", DeviationYear: "Avvikelse mot årsbudget", DecidedTotal: "Beslutad totalutgift", ForecastTotal: "Prognos totalutgift", Overrun: "Överskridande", AsOf: "Per period" },
  balancereq: { Opening: "Ingående", Result: "Resultat", Waiver: "Undantag", Restored: "Återställt", Closing: "Utgående" },
  balancereqorigins: { Origin: "Ursprungsår", Remaining: "Kvar att återställa", Deadline: "Återställs senast år" },
  dimcommittee: { LabelSv: "Nämndnamn", NetCostGrowthMax: "Högsta nettokostnadsutveckling" },
  alerts: { Sequence: "Löpnummer", FromStatus: "Från status", ToStatus: "Till status", RaisedAt: "Larmat" , IdempotencyKey: "Idempotensnyckel" },
  alertdeliveries: { Channel: "Kanal", DeliveredAt: "Levererat", Attempts: "Försök", LastError: "Senaste fel" },
  runs: { Started: "Startad", Completed: "Klar", Imports: "Importer" },
};
const folders = { PartitionKey: "Nycklar", RowKey: "Nycklar", ComputedAt: "Spårbarhet", PolicyVersion: "Spårbarhet", Sources: "Spårbarhet" };
const mTypes = { "type text": "string", "type number": "double", "Int64.Type": "int64", "type date": "dateTime", "type datetimezone": "dateTime", "type logical": "boolean" };

const tag = (...parts) => {
  const h = createHash("sha1").update(parts.join("/")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
export const quote = (name) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replaceAll("'", "''")}'`);
const fenced = (m, indent) => ["```", ...m.trimEnd().split("\n").map((l) => (l.trim() === "" ? "" : indent + l)), indent + "```"];

function columnsOf(query) {
  return [...query.matchAll(/\{"(\w+)", (type \w+|Int64\.Type)\}/g)].map((m) => ({ source: m[1], mType: m[2] }));
}

function table(name, query, columns, extra = []) {
  const out = [`table ${quote(name)}`, `\tlineageTag: ${tag("table", name)}`, ""];
  out.push(...extra);
  for (const c of columns) {
    out.push(`\tcolumn ${quote(c.name)}`, `\t\tdataType: ${mTypes[c.mType]}`);
    if (c.mType === "type date") out.push("\t\tformatString: yyyy-mm-dd");
    if (c.mType === "type datetimezone") out.push("\t\tformatString: yyyy-mm-dd hh:nn:ss");
    if (c.mType === "type number") out.push("\t\tformatString: #,0.####");
    if (c.hidden) out.push("\t\tisHidden");
    if (c.folder) out.push(`\t\tdisplayFolder: ${c.folder}`);
    out.push(`\t\tlineageTag: ${tag("column", name, c.source)}`, "\t\tsummarizeBy: none", `\t\tsourceColumn: ${c.source}`, "");
    if (c.mType === "type date") out.push("\t\tannotation UnderlyingDateTimeDataType = Date", "");
  }
  out.push(`\tpartition ${quote(name)} = m`, "\t\tmode: import", "\t\tsource = " + fenced(query, "\t\t\t\t").join("\n"), "");
  out.push("\tannotation PBI_ResultType = Table", "");
  return out.join("\n");
}

const queries = readdirSync(folder).filter((f) => f.endsWith(".pq")).map((f) => f.slice(0, -3)).sort();
const tables = queries.filter((q) => !helpers.has(q));
rmSync(definition, { recursive: true, force: true });
mkdirSync(join(definition, "tables"), { recursive: true });
const write = (path, text) => writeFileSync(join(definition, path), text.replace(/\n*$/, "\n"), "utf8");
const pq = (name) => readFileSync(join(folder, name + ".pq"), "utf8");

for (const name of tables) {
  const query = pq(name);
  const own = labels[name] ?? {};
  const columns = (name === "dimperiod" ? [] : columnsOf(query)).map((c) => ({ ...c, name: own[c.source] ?? common[c.source] ?? c.source, hidden: c.source === "PartitionKey" || c.source === "RowKey", folder: folders[c.source] }));
  if (name === "dimperiod") {
    // The date dimension computed from kpis (dimperiod.pq): its columns come from the query's steps.
    columns.push(...[["MonthStart", "type date", "Månadens första dag"], ["Period", "type text", "Period"], ["PeriodEnd", "type date", "Periodslut"], ["Year", "Int64.Type", "År"], ["Month", "Int64.Type", "Månad"], ["Quarter", "type text", "Kvartal"], ["MonthName", "type text", "Månadsnamn"]]
      .map(([source, mType, label]) => ({ source, mType, name: label })));
  }
  const names = columns.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`${name}: two columns with one Swedish name`);
  write(`tables/${name}.tmdl`, table(name, query, columns));
}

// Measures: what a controller reads off the kpis table (KPI values are year to date, so a measure takes the latest period in the filter context).
const measures = [
  ["Utfall", "Utfall hittills i år för nyckeltalen i urvalet, senaste perioden i urvalet (kpis.Value).", "VAR senaste = MAX(kpis[Period])\nRETURN CALCULATE(SUM(kpis[Värde]), kpis[Period] = senaste)", "#,0"],
  ["Budget", "Budget hittills i år, senaste perioden i urvalet (kpis.Budget).", "VAR senaste = MAX(kpis[Period])\nRETURN CALCULATE(SUM(kpis[Budget hittills i år]), kpis[Period] = senaste)", "#,0"],
  ["Avvikelse", "Utfall − budget (som kpis.Deviation).", "[Utfall] - [Budget]", "#,0"],
  ["Årsbudget", "Budget för hela året, senaste perioden i urvalet (kpis.BudgetYear).", "VAR senaste = MAX(kpis[Period])\nRETURN CALCULATE(SUM(kpis[Årsbudget (kolumn)]), kpis[Period] = senaste)", "#,0"],
  ["Prognos", "Helårsprognosen, senaste perioden i urvalet (kpis.Forecast: inlämnad, överförd eller beräknad).", "VAR senaste = MAX(kpis[Period])\nRETURN CALCULATE(SUM(kpis[Prognos (kolumn)]), kpis[Period] = senaste)", "#,0"],
  ["Prognosavvikelse", "Helårsprognos − årsbudget (som kpis.ForecastDeviation).", "[Prognos] - [Årsbudget]", "#,0"],
  ["Andel av skatter", "Utfallet i andel av skatteintäkter och generella statsbidrag (KPI TaxAndGrants) hittills i år.", "DIVIDE(\n    [Utfall],\n    CALCULATE([Utfall], REMOVEFILTERS(dimkpi), REMOVEFILTERS(kpis[Nyckeltal], kpis[Benämning], kpis[Område], kpis[Enhet]), kpis[Nyckeltal] = \"TaxAndGrants\"))", "0.0 %"],
  ["Antal brott", "Regler i gränsbrott (limitchecks.Status = Breach).", "CALCULATE(COUNTROWS(limitchecks), limitchecks[Status] = \"Breach\")", "0"],
];
const measureTable = ["table Mått", `\tlineageTag: ${tag("table", "Mått")}`, ""];
for (const [name, description, dax, format] of measures) {
  measureTable.push(`\t/// ${description}`, `\tmeasure ${quote(name)} = ` + fenced(dax, "\t\t\t").join("\n"), `\t\tformatString: ${format}`, `\t\tlineageTag: ${tag("measure", name)}`, "");
}
measureTable.push("\tcolumn Kolumn", "\t\tdataType: string", "\t\tisHidden", `\t\tlineageTag: ${tag("column", "Mått", "Kolumn")}`, "\t\tsummarizeBy: none", "\t\tsourceColumn: Kolumn", "");
measureTable.push("\tpartition Mått = m", "\t\tmode: import", "\t\tsource = " + fenced("#table(type table [Kolumn = text], {})", "\t\t\t\t").join("\n"), "", "\tannotation PBI_ResultType = Table");
write("tables/Mått.tmdl", measureTable.join("\n"));

// Shared expressions: the parameters (the storage account among them) and the RegfinTable function, as in the .pq files.
const expressions = [];
for (const name of [...parameters, "RegfinTable"]) {
  const m = pq(name);
  const body = m.split("\n").filter((l) => !l.startsWith("//")).join("\n").trim();
  const comment = m.split("\n").filter((l) => l.startsWith("//")).map((l) => l.replace(/^\/\/ ?/, ""));
  if (name !== "RegfinTable") expressions.push(`/// ${comment.join(" ")}`, `expression ${name} = ${body}`);
  else expressions.push(`expression ${name} = ` + fenced(m, "\t\t").join("\n"));
  expressions.push(`\tlineageTag: ${tag("expression", name)}`, "", `\tannotation PBI_ResultType = ${name === "RegfinTable" ? "Function" : "Text"}`, "");
}
write("expressions.tmdl", expressions.join("\n"));

// The star: facts by Period to dimperiod, kpis to dimkpi, rules to dimrule, committees to dimcommittee (tables.md, README).
const star = [
  ...["kpis", "ledgerfacts", "budgetfacts", "committeeresults", "allocation", "returns", "debt", "maturityprofile", "liquidity", "limitchecks", "investments", "alerts"].map((t) => [t, "Period", "dimperiod", "Period"]),
  ["kpis", "Nyckeltal", "dimkpi", "Nyckeltal"],
  ["limitchecks", "Regel", "dimrule", "Regel"], ["alerts", "Regel", "dimrule", "Regel"],
  ["committeeresults", "Nämnd", "dimcommittee", "Nämnd"], ["ledgerfacts", "Nämnd", "dimcommittee", "Nämnd"], ["budgetfacts", "Nämnd", "dimcommittee", "Nämnd"],
];
write("relationships.tmdl", star.map(([ft, fc, tt, tc]) => [`relationship ${tag("relationship", ft, fc, tt, tc)}`, `\tfromColumn: ${quote(ft)}.${quote(fc)}`, `\ttoColumn: ${quote(tt)}.${quote(tc)}`, ""].join("\n")).join("\n"));

write("database.tmdl", "database\n\tcompatibilityLevel: 1567");
const order = [...parameters, "RegfinTable", ...tables.filter((t) => t !== "dimperiod"), "dimperiod", "Mått"];
write("model.tmdl", [
  "model Model", "\tculture: sv-SE", "\tdefaultPowerBIDataSourceVersion: powerBI_V3", "\tdiscourageImplicitMeasures", "\tsourceQueryCulture: sv-SE", "\tdataAccessOptions", "\t\tlegacyRedirects", "\t\treturnErrorValuesAsNull", "",
  `annotation PBI_QueryOrder = ${JSON.stringify(order)}`, "", "annotation __PBI_TimeIntelligenceEnabled = 0", "",
  ...[...tables, "Mått"].map((t) => `ref table ${quote(t)}`), "",
].join("\n"));
console.log(`wrote ${tables.length + 1} tables, ${star.length} relationships, ${parameters.length + 1} expressions to ${definition}`);
