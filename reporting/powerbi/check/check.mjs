// CI check of reporting/powerbi against the C# contract (OutputTables in src/Core/Export/TableContract.cs):
//   (a) every .pq file, every TMDL partition's M and every expressions.tmdl expression parses with
//       Microsoft's Power Query parser (@microsoft/powerquery-parser);
//   (b) the TMDL model: every table is a contract table (or a derived one: dimperiod, Mått), every
//       column's sourceColumn is a column of that table with the contract's type as its dataType,
//       every contract table has a TMDL table, every relationship's fromColumn/toColumn is a real
//       column, and the partitions and RegfinTable are the .pq files' M (generate.mjs writes them).
//
// node reporting/powerbi/check/check.mjs --contract <contract.json> [--model <Regfin.SemanticModel>] [--queries <folder of .pq files>]
// contract.json: [{"name": "kpis", "columns": [{"name": "PartitionKey", "type": "Text"}, …]}, …] (the C# test writes it).
// Exit 0 and "ok: …" when everything holds; exit 1 and one "error: <file>: <problem>" line per problem.
import { DefaultSettings, TaskUtils } from "@microsoft/powerquery-parser";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const contractPath = option("--contract");
const modelDir = option("--model", join(here, "..", "Regfin.SemanticModel"));
const queriesDir = option("--queries", join(here, ".."));
if (!contractPath) {
  console.error("usage: node check.mjs --contract <contract.json> [--model <dir>] [--queries <dir>]");
  process.exit(2);
}

const errors = [];
const shown = (file) => { const r = relative(process.cwd(), file); return r && !r.startsWith("..") ? r : file; };
const fail = (file, message) => errors.push(`error: ${shown(file)}: ${message}`);

// The TMDL data type of each contract ColumnType.
const dataTypes = { Text: "string", Number: "double", Count: "int64", Date: "dateTime", Timestamp: "dateTime", Boolean: "boolean" };
// Tables of the model that are not contract tables: the date dimension computed from kpis and the measure table.
const derived = {
  dimperiod: { MonthStart: "dateTime", Period: "string", PeriodEnd: "dateTime", Year: "int64", Month: "int64", Quarter: "string", MonthName: "string" },
  "Mått": { Kolumn: "string" },
};

async function parseM(file, where, text) {
  const task = await TaskUtils.tryLexParse(DefaultSettings, text);
  if (TaskUtils.isOk(task)) return true;
  const error = task.error ?? {};
  const position = positionOf(error);
  fail(file, `${where}: M syntax error${position ? ` at line ${position.lineNumber + 1}, column ${position.lineCodeUnit + 1}` : ""}: ${error.message ?? String(error)}`);
  return false;
}

function positionOf(error) {
  // The parser's errors carry the token they stopped at in different places per error kind.
  const seen = new Set();
  const walk = (value, depth) => {
    if (!value || typeof value !== "object" || depth > 6 || seen.has(value)) return undefined;
    seen.add(value);
    if (typeof value.lineNumber === "number" && typeof value.lineCodeUnit === "number") return value;
    for (const key of ["innerError", "maybeFoundToken", "foundToken", "token", "positionStart", "position", "graphemePosition"]) {
      const found = walk(value[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(error, 0);
}

// --- a minimal TMDL reader: objects by indentation, properties, expressions (fenced ``` or indented) ---
function readName(text) {
  text = text.trimStart();
  if (text.startsWith("'")) {
    let name = "";
    let i = 1;
    for (; i < text.length; i++) {
      if (text[i] === "'" && text[i + 1] === "'") { name += "'"; i++; }
      else if (text[i] === "'") break;
      else name += text[i];
    }
    return [name, text.slice(i + 1)];
  }
  const m = /^([^\s=.]+)/.exec(text);
  return m ? [m[1], text.slice(m[1].length)] : ["", text];
}

export function columnRef(text) {
  const [table, rest] = readName(text);
  const [column] = readName(rest.replace(/^\./, ""));
  return { table, column };
}

function tabs(line) {
  return /^\t*/.exec(line)[0].length;
}

function readTmdl(file) {
  const lines = readFileSync(file, "utf8").replace(/\r\n/g, "\n").split("\n");
  const objects = [];
  const stack = [];
  const kinds = new Set(["table", "column", "measure", "partition", "expression", "relationship", "model", "database", "hierarchy", "level", "role", "calculationGroup", "calculationItem", "perspective", "cultureInfo"]);
  // An expression that follows "=" on the declaration line: inline, fenced (```), or the indented lines below.
  const expressionAt = (i, rest, indent) => {
    rest = rest.trim();
    if (rest.startsWith("```")) {
      const body = [];
      let j = i + 1;
      for (; j < lines.length && lines[j].trim() !== "```"; j++) body.push(lines[j]);
      return [dedent(body), j];
    }
    if (rest !== "") return [rest, i];
    const body = [];
    let j = i + 1;
    for (; j < lines.length && (lines[j].trim() === "" || tabs(lines[j]) > indent + 1); j++) body.push(lines[j]);
    while (body.length && body[body.length - 1].trim() === "") { body.pop(); j--; }
    return [dedent(body), j - 1];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "" || line.trim().startsWith("///")) continue;
    const indent = tabs(line);
    const content = line.slice(indent);
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const head = /^(\w+)\b\s*(.*)$/.exec(content);
    if (head && kinds.has(head[1]) && !/^\w+:/.test(content)) {
      const [name, after] = readName(head[2]);
      const object = { kind: head[1], name, indent, line: i + 1, props: {}, children: [] };
      const eq = /^\s*=(.*)$/.exec(after);
      if (eq) [object.expression, i] = expressionAt(i, eq[1], indent);
      (stack.length ? stack[stack.length - 1].children : objects).push(object);
      stack.push(object);
      continue;
    }
    const owner = stack[stack.length - 1];
    if (!owner) continue;
    const assignment = /^(\w+)\s*=(.*)$/.exec(content);
    if (assignment && assignment[1] !== "annotation") {
      let value;
      [value, i] = expressionAt(i, assignment[2], indent - 1);
      owner.props[assignment[1]] = { value, line: i + 1 };
      continue;
    }
    const property = /^(\w+):\s*(.*)$/.exec(content);
    if (property) owner.props[property[1]] = { value: property[2].trim(), line: i + 1 };
    else if (/^\w+$/.test(content)) owner.props[content] = { value: true, line: i + 1 };
  }
  return objects;
}

function dedent(lines) {
  const indents = lines.filter((l) => l.trim() !== "").map(tabs);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, tabs(l)))).join("\n").trimEnd();
}

const normalise = (m) => m.replace(/\r\n/g, "\n").trim();

// --- (a) the .pq files ---
let parsed = 0;
const pqFiles = readdirSync(queriesDir).filter((f) => f.endsWith(".pq")).sort();
const queries = Object.fromEntries(pqFiles.map((f) => [f.slice(0, -3), readFileSync(join(queriesDir, f), "utf8")]));
for (const f of pqFiles) if (await parseM(join(queriesDir, f), "query", queries[f.slice(0, -3)])) parsed++;

// --- the contract and the model ---
const contract = Object.fromEntries(JSON.parse(readFileSync(contractPath, "utf8")).map((t) => [t.name, Object.fromEntries(t.columns.map((c) => [c.name, c.type]))]));
const definition = join(modelDir, "definition");
for (const required of ["definition.pbism", "definition/database.tmdl", "definition/model.tmdl", "definition/relationships.tmdl", "definition/expressions.tmdl"]) {
  if (!existsSync(join(modelDir, required))) fail(join(modelDir, required), "missing (the PBIP semantic model folder needs it)");
}
const tablesDir = join(definition, "tables");
const tableFiles = existsSync(tablesDir) ? readdirSync(tablesDir).filter((f) => f.endsWith(".tmdl")).sort() : [];
const model = {}; // table name -> Set of TMDL column names
let columnsChecked = 0;
const measures = [];
for (const f of tableFiles) {
  const file = join(tablesDir, f);
  for (const table of readTmdl(file).filter((o) => o.kind === "table")) {
    const expected = contract[table.name] ? Object.fromEntries(Object.entries(contract[table.name]).map(([c, t]) => [c, dataTypes[t]])) : derived[table.name];
    if (!expected) fail(file, `table ${table.name} is not a table of the contract (OutputTables) nor a derived table (${Object.keys(derived).join(", ")})`);
    model[table.name] = new Set();
    for (const column of table.children.filter((o) => o.kind === "column")) {
      model[table.name].add(column.name);
      const source = column.props.sourceColumn?.value;
      const dataType = column.props.dataType?.value;
      columnsChecked++;
      if (!source) { fail(file, `${table.name}.${column.name} (line ${column.line}): no sourceColumn`); continue; }
      if (!expected) continue;
      if (!(source in expected)) fail(file, `${table.name}.${column.name} (line ${column.line}): sourceColumn ${source} is not a column of ${table.name} in the contract`);
      else if (dataType !== expected[source]) fail(file, `${table.name}.${column.name} (line ${column.line}): dataType ${dataType}, but the contract's ${table.name}.${source} is ${contract[table.name]?.[source] ?? expected[source]} (dataType ${expected[source]})`);
    }
    for (const measure of table.children.filter((o) => o.kind === "measure")) measures.push({ file, name: measure.name });
    for (const partition of table.children.filter((o) => o.kind === "partition")) {
      const source = partition.props.source?.value;
      if (partition.expression !== "m") continue;
      if (!source) { fail(file, `${table.name}: partition ${partition.name} has no M source`); continue; }
      if (await parseM(file, `partition ${partition.name}`, source)) parsed++;
      if (queries[table.name] !== undefined && normalise(source) !== normalise(queries[table.name])) {
        fail(file, `partition ${partition.name}: its M differs from ${table.name}.pq (run node reporting/powerbi/check/generate.mjs)`);
      }
    }
  }
}
for (const { file, name } of measures) {
  for (const t of Object.keys(model)) if (model[t].has(name)) fail(file, `measure ${name} has the name of column ${t}[${name}]`);
}
for (const table of Object.keys(contract)) if (!(table in model)) fail(tablesDir, `contract table ${table} has no TMDL table`);

const expressionsFile = join(definition, "expressions.tmdl");
if (existsSync(expressionsFile)) {
  for (const expression of readTmdl(expressionsFile).filter((o) => o.kind === "expression")) {
    if (await parseM(expressionsFile, `expression ${expression.name}`, expression.expression ?? "")) parsed++;
    if (expression.name === "RegfinTable" && queries.RegfinTable !== undefined && normalise(expression.expression) !== normalise(queries.RegfinTable)) {
      fail(expressionsFile, "expression RegfinTable differs from RegfinTable.pq (run node reporting/powerbi/check/generate.mjs)");
    }
  }
}

const relationshipsFile = join(definition, "relationships.tmdl");
let relationships = 0;
if (existsSync(relationshipsFile)) {
  for (const relationship of readTmdl(relationshipsFile).filter((o) => o.kind === "relationship")) {
    relationships++;
    for (const end of ["fromColumn", "toColumn"]) {
      const text = relationship.props[end]?.value;
      if (!text) { fail(relationshipsFile, `relationship ${relationship.name}: no ${end}`); continue; }
      const { table, column } = columnRef(text);
      if (!model[table]) fail(relationshipsFile, `relationship ${relationship.name}: ${end} ${text}: no table ${table} in the model`);
      else if (!model[table].has(column)) fail(relationshipsFile, `relationship ${relationship.name}: ${end} ${text}: table ${table} has no column ${column}`);
    }
  }
}

if (errors.length) {
  for (const e of errors) console.log(e);
  console.log(`${errors.length} problem(s) in ${basename(modelDir)} and the .pq files`);
  process.exit(1);
}
console.log(`ok: ${parsed} M expressions parsed (${pqFiles.length} .pq files, partitions, expressions.tmdl); ${Object.keys(model).length} tables, ${columnsChecked} columns and ${relationships} relationships match the contract's ${Object.keys(contract).length} tables`);
