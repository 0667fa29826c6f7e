#!/usr/bin/env python3
"""Generates the demo's ledgers, budgets, forecasts and RUN's SIE file (samples/inbox/).

    python3 samples/tools/generate.py          # rewrites the files; prints the key figures
    python3 samples/tools/generate.py --check  # fails if a file differs from what it would write

The region's total per account and month is fixed (region-totals.csv: so that October 2025
reproduces the board's månadsrapport, seed 003, in whole kronor); this script only distributes it
over the committees, their cost centres and accounts, and plans the budgets and forecasts around
it. Deterministic (a seeded random.Random, whose integer seeding and uniform() are stable across
Python versions). What the numbers mean: samples/README.md.
"""

import os
import random
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
INBOX = os.path.join(HERE, "..", "inbox")

COMMITTEES = ["HSN", "RS", "RUN"]
COST_CENTRES = {"HSN": [("1100", 0.41), ("1200", 0.34), ("1300", 0.25)], "RS": [("2100", 0.56), ("2200", 0.44)], "RUN": [("3100", 1.0)]}
CENTRAL_CC = "2900"
OPERATING = [3010, 3590, 7810, 4010, 5010, 5410, 6410, 7010]  # the order of the ledger files
CENTRAL = [8010, 8210, 8410, 8430, 8510]
ACCOUNT_NAMES = {3010: "Patientavgifter och försäljning", 3590: "Övriga intäkter", 7810: "Avskrivningar", 4010: "Köpt verksamhet",
                 5010: "Löner", 5410: "Förbrukningsmaterial", 6410: "Lokalkostnader", 7010: "Resor och transporter"}

# 2024's shares of the region's net cost, from seed 001's driftredovisning 2024 (Region
# Västerbotten: regionförvaltningen 3 872 with the small boards, HSN 7 181, RUN 417 of 11 506 MSEK).
SHARE_2024 = {"HSN": 0.624, "RS": 0.340, "RUN": 0.036}
# Relative weight of a committee's month (before the region's own month is shared out):
# RS books the year-end pension and property adjustments in December; RUN runs the summer timetable.
SEASON = {
    "HSN": {7: 0.97, 12: 1.06},
    "RS": {12: 1.18},
    "RUN": {6: 0.95, 7: 0.86, 8: 0.95, 12: 1.08},
}
# 2025: HSN's and RUN's growth on the same month of 2024 (%), plus a share of the region's own swing
# that month around its −1.1 % (the rest of the swing, and the balance, fall to RS, so the region's
# month stays exact). HSN: hired staff and purchased care push costs up until the action plan of
# April takes hold; RUN: the traffic contracts' indexation; RS: lower pension costs than
# 2024 (the 2023–2024 indexation has ebbed), which is why the region's net cost falls 1.1 %.
GROWTH_2025 = {
    "HSN": [4.4, 4.6, 4.8, 4.6, 3.0, 2.2, 1.6, 0.4, -0.8, -1.4],
    "RUN": [6.5, 4.5, 4.0, 4.5, 4.0, 4.0, 2.5, 3.5, 4.0, 3.5],
}
SWING = {"HSN": 0.7, "RUN": 0.9}
# Gross mix of a committee's net cost per account (income negative), before noise. HSN's is what
# the region's mix leaves after RS and RUN, so that the accounts add up.
MIX = {
    "RS": {3010: -0.10, 3590: -0.06, 7810: 0.09, 4010: 0.26, 5010: 0.45, 5410: 0.09, 6410: 0.13, 7010: 0.14},
    "RUN": {3010: -0.25, 3590: -0.10, 7810: 0.06, 4010: 0.85, 5010: 0.25, 5410: 0.03, 6410: 0.06, 7010: 0.10},
}
BALANCING = {"RS": 5010, "RUN": 4010}  # the account that takes a committee's rounding and noise
HSN_ACTION_PLAN_2025 = 60_000_000  # the effect HSN's forecast after April counts on
RS_ONE_OFF_2024 = 60_000_000  # in RS's December 2024 (SEASON), not repeated in its forecast

# Budgets (MSEK of net cost per committee; taxes, grants and financial items per month, SEK).
# 2024 from seed 001's budget 2024 against its outcome (HSN −621, RS −87, RUN +10); 2025 with the
# year plan of seed 003 (verksamhetens resultat 406 MSEK on 11 100 of taxes and grants).
BUDGET_NET = {2024: {"HSN": 6438, "RS": 3835, "RUN": 413}, 2025: {"HSN": 6772, "RS": 3494, "RUN": 428}}
BUDGET_CENTRAL = {2024: {8010: -648_000_000, 8210: -252_000_000, 8410: -10_000_000, 8510: 14_000_000},
                  2025: {8010: -666_000_000, 8210: -259_000_000, 8410: -11_000_000, 8510: 15_000_000}}
# Monthly shape of a budgeted account (weights, scaled to twelve): semester in July, year-end in
# December; premises and depreciation even.
BUDGET_SHAPE = {
    3010: {7: 0.92, 12: 1.05}, 3590: {7: 0.95, 12: 1.10}, 4010: {7: 0.90, 12: 1.12}, 5010: {7: 0.85, 12: 1.10},
    5410: {7: 0.88, 12: 1.10}, 6410: {}, 7010: {7: 0.90, 12: 1.10}, 7810: {},
}


def sek(v):
    """Whole kronor as the ledger system prints them: space-grouped, minus sign, no decimals."""
    s = f"{abs(v):,}".replace(",", " ")
    return ("-" if v < 0 else "") + s


def months(year, last=12):
    return [f"{year}-{m:02d}" for m in range(1, last + 1)]


def split_exact(total, weights):
    """Splits a whole-krona total over weights; the parts add up exactly (the last takes the rest)."""
    s = sum(weights)
    parts = [round(total * w / s) for w in weights[:-1]]
    return parts + [total - sum(parts)]


def read_region():
    region = defaultdict(int)
    with open(os.path.join(HERE, "region-totals.csv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            m, a, v = line.strip().split(";")
            region[(m, int(a))] = int(v)
    return region


def net(amounts):
    """Net cost in report sign (negative), from ledger amounts per account (debit +)."""
    return -sum(v for a, v in amounts.items() if a < 8000)


def generate():
    rnd = random.Random(20251031)
    region = read_region()
    periods = sorted({m for m, _ in region})
    region_net = {m: sum(v for (mm, a), v in region.items() if mm == m and a < 8000) for m in periods}  # cost positive

    # 1. Each committee's net cost per month (cost positive), adding up to the region's.
    target = {}
    for m in months(2024):
        month = int(m[5:])
        weight = {c: SHARE_2024[c] * SEASON[c].get(month, 1.0) * (1 + rnd.uniform(-0.015, 0.015)) for c in COMMITTEES}
        total = sum(weight.values())
        for c in COMMITTEES:
            target[(m, c)] = region_net[m] * weight[c] / total
    ytd_growth = sum(region_net[m] for m in months(2025, 10)) / sum(region_net[m] for m in months(2024, 10)) - 1
    for i, m in enumerate(months(2025, 10)):
        prior = m.replace("2025", "2024")
        growth = region_net[m] / region_net[prior] - 1
        offset = {c: (GROWTH_2025[c][i] + rnd.uniform(-0.4, 0.4)) / 100 + SWING[c] * (growth - ytd_growth) - growth for c in ("HSN", "RUN")}
        offset["RS"] = -sum(target[(prior, c)] * offset[c] for c in ("HSN", "RUN")) / target[(prior, "RS")]
        for c in COMMITTEES:
            target[(m, c)] = target[(prior, c)] * (1 + growth + offset[c])

    # 2. Per committee and account; HSN takes what the region's accounts leave.
    ledger = {}  # (period, committee) -> {account: amount}
    for m in periods:
        rest = {a: region[(m, a)] for a in OPERATING}
        for c in ("RS", "RUN"):
            goal = round(target[(m, c)])
            amounts = {a: round(goal * MIX[c][a] * (1 + rnd.uniform(-0.04, 0.04))) for a in OPERATING}
            amounts[BALANCING[c]] += goal - sum(amounts.values())
            ledger[(m, c)] = amounts
            for a in OPERATING:
                rest[a] -= amounts[a]
        assert all(v * region[(m, a)] > 0 for a, v in rest.items()), (m, rest)  # HSN keeps every account's sign
        ledger[(m, "HSN")] = rest
        ledger[(m, "RS")].update({a: region[(m, a)] for a in CENTRAL})
    return region, periods, ledger


def cost_centres(rnd, committee, amount):
    centres = COST_CENTRES[committee]
    weights = [w * (1 + rnd.uniform(-0.06, 0.06)) for _, w in centres]
    return list(zip([cc for cc, _ in centres], split_exact(amount, weights)))


def ledger_files(periods, ledger):
    rnd = random.Random(4711)
    files = {}
    for m in periods:
        lines = ["Månad;Nämnd;Konto;Ansvar;Belopp"]
        for c in COMMITTEES:
            if m == "2025-10" and c == "RUN":
                continue  # RUN's October comes from its ledger system's SIE export
            for a in OPERATING:
                for cc, v in cost_centres(rnd, c, ledger[(m, c)][a]):
                    lines.append(f"{m};{c};{a};{cc};{sek(v)},00")
        for a in CENTRAL:
            lines.append(f"{m};RS;{a};{CENTRAL_CC};{sek(ledger[(m, 'RS')][a])},00")
        files[f"ledger/{m}.csv"] = "\n".join(lines) + "\n"
    return files


def sie_file(amounts):
    """RUN's October 2025 as the SIE 4 export of its ledger system: one voucher per account against the bank."""
    lines = [
        "#FLAGGA 0", '#PROGRAM "Ekonomisystem Region Exempel" 2025.3', "#FORMAT PC8", '#GEN 20251105 "ekonomi"', "#SIETYP 4",
        '#FNAMN "Region Exempel, Regionala utvecklingsnämnden"', "#RAR 0 20250101 20251231", "#RAR -1 20240101 20241231",
        '#DIM 1 "Ansvar"', '#OBJEKT 1 "3100" "Regional utveckling, kansli"', '#KONTO 1930 "Bank"',
    ]
    lines += [f'#KONTO {a} "{ACCOUNT_NAMES[a]}"' for a in OPERATING]
    for n, a in enumerate(OPERATING, 1):
        v = amounts[a]
        lines += [f'#VER A {n} 202510{3 * n:02d} "{ACCOUNT_NAMES[a]}, oktober"', "{",
                  f'#TRANS {a} {{1 "3100"}} {v}.00', f'#TRANS 1930 {{1 "3100"}} {-v}.00', "}"]
    return ("\r\n".join(lines) + "\r\n").encode("cp437")


def budget(year, ledger):
    """The budget per month, committee and account (ledger sign), gross and seasonal."""
    rows = {}
    for c in COMMITTEES:
        mix = committee_mix(ledger, c)
        goal = BUDGET_NET[year][c] * 1_000_000
        annual = {a: round(goal * mix[a], -5) for a in OPERATING}  # whole 100 000s, as a budget is set
        annual[5010] += goal - sum(annual.values())
        for a in OPERATING:
            shape = [BUDGET_SHAPE[a].get(mo, 1.0) for mo in range(1, 13)]
            for mo, v in zip(range(1, 13), split_exact(annual[a], shape)):
                rows[(f"{year}-{mo:02d}", c, a)] = v
    for a, v in BUDGET_CENTRAL[year].items():
        for m in months(year):
            rows[(m, "RS", a)] = v
    return rows


def committee_mix(ledger, c):
    """A committee's mix per account: its 2024 outcome's (what its budget is built on)."""
    total = defaultdict(int)
    for m in months(2024):
        for a in OPERATING:
            total[a] += ledger[(m, c)][a]
    s = sum(total.values())
    return {a: total[a] / s for a in OPERATING}


def budget_file(year, rows):
    lines = ["Period;Nämnd;Konto;Belopp;Version"]
    for m in months(year):
        for c in COMMITTEES:
            for a in OPERATING:
                lines.append(f"{m};{c};{a};{sek(rows[(m, c, a)])};Budget {year}")
        for a in BUDGET_CENTRAL[year]:
            lines.append(f"{m};RS;{a};{sek(rows[(m, 'RS', a)])};Budget {year}")
    return "\n".join(lines) + "\n"


CLASSES = [("3", (3000, 4000)), ("4", (4000, 5000)), ("5", (5000, 6000)), ("6", (6000, 7000)), ("70", (7000, 7800)), ("78", (7800, 7900))]


def by_class(ledger, committee, periods):
    out = {k: 0 for k, _ in CLASSES}
    for m in periods:
        for a, v in ledger[(m, committee)].items():
            for k, (lo, hi) in CLASSES:
                if lo <= a < hi:
                    out[k] += v
    return out


def run_rate(ledger, committee, as_of, outcome_factor=None):
    """The full year per account class: actual to date + the same months of the year before, grown
    by the committee's growth to date (2024, without a 2023, takes its own outcome × outcome_factor)."""
    year = int(as_of[:4])
    done = [m for m in months(year) if m <= as_of]
    left = [m for m in months(year) if m > as_of]
    actual = by_class(ledger, committee, done)
    if outcome_factor is not None:
        rest = {k: v * outcome_factor for k, v in by_class(ledger, committee, left).items()}
    else:
        prior_done = by_class(ledger, committee, [m.replace(str(year), str(year - 1)) for m in done])
        growth = sum(actual.values()) / sum(prior_done.values())
        rest = {k: v * growth for k, v in by_class(ledger, committee, [m.replace(str(year), str(year - 1)) for m in left]).items()}
    return {k: actual[k] + rest[k] for k in actual}


def msek(v):
    return round(v / 1_000_000) * 1_000_000


def forecast_file(as_of, committee, classes, comments):
    lines = ["Prognosmånad;Nämnd;Konto;Prognos;Kommentar"]
    for k, v in classes.items():
        assert ";" not in comments.get(k, ""), "a semicolon would split the comment into another column"
        lines.append(f"{as_of};{committee};{k};{sek(v)},00;{comments.get(k, '')}")
    return "\n".join(lines) + "\n"


def forecasts(ledger, region):
    files = {}
    # HSN after June 2024: counts on the staffing action plan taking hold in the autumn (it did not fully).
    june = {k: msek(v) for k, v in run_rate(ledger, "HSN", "2024-06", outcome_factor=0.975).items()}
    files["prognos/2024-06-hsn.csv"] = forecast_file("2024-06", "HSN", june, {"3": "Prognosen efter juni förutsätter att åtgärdsplanen för bemanning ger effekt under hösten."})
    # HSN after April 2025: the run rate less the action plan decided in April (60 MSEK, on hired
    # staff and purchased care, class 4); after August 2025: 55 MSEK better than April, by less hired staff.
    april = {k: msek(v) for k, v in run_rate(ledger, "HSN", "2025-04").items()}
    april["4"] -= HSN_ACTION_PLAN_2025
    files["prognos/2025-04-hsn.csv"] = forecast_file("2025-04", "HSN", april, {"3": "Högre kostnader för hyrpersonal och köpt vård än budgeterat. Åtgärdsplan beslutad i april."})
    august = {k: msek(v) for k, v in run_rate(ledger, "HSN", "2025-08").items()}
    august["4"] += sum(april.values()) - 55_000_000 - sum(august.values())
    files["prognos/2025-08-hsn.csv"] = forecast_file("2025-08", "HSN", august, {"3": "Prognosen förbättrad med 55 mnkr sedan april genom minskad inhyrning. Underskottet mot budget kvarstår."})
    # RS after October 2025: its run rate without December 2024's one-off pension cost (the year-end
    # recalculation of the provision, 60 MSEK in class 5), taxes and grants by SKR's October
    # forecast, interest below budget.
    rs = {k: msek(v) for k, v in run_rate(ledger, "RS", "2025-10").items()}
    rs["5"] -= RS_ONE_OFF_2024
    ytd = lambda a: sum(region[(m, a)] for m in months(2025, 10))
    rs.update({"80": -7_985_000_000, "82": -3_106_000_000,
               "84": msek(ytd(8410) + ytd(8430) + 2 * region[("2025-10", 8410)]),
               "85": msek(ytd(8510) + 2 * 15_000_000)})
    files["prognos/2025-10-rs.csv"] = forecast_file("2025-10", "RS", rs, {"5": "Lägre pensionskostnader än 2024, engångskostnaden i december 2024 återkommer inte.", "80": "Skatteintäkterna enligt SKR:s prognos i oktober.", "85": "Lägre räntekostnader än budgeterat."})
    return files, {"HSN 2024-06": june, "HSN 2025-04": april, "HSN 2025-08": august, "RS 2025-10": rs}


def summary(region, periods, ledger, budgets, forecast_classes):
    out = []
    m_ = lambda v: f"{v / 1e6:8.1f}"
    out.append("net cost per committee (MSEK), month, its growth on the same month of 2024 and the year to date's")
    for m in periods:
        row = [m]
        for c in COMMITTEES:
            n = net(ledger[(m, c)])
            row.append(m_(n))
            if m >= "2025":
                ytd = [mm for mm in periods if "2025" <= mm <= m]
                ytd_growth = sum(net(ledger[(mm, c)]) for mm in ytd) / sum(net(ledger[(mm.replace("2025", "2024"), c)]) for mm in ytd) - 1
                row.append(f"{n / net(ledger[(m.replace('2025', '2024'), c)]) * 100 - 100:+5.1f} % (ytd {ytd_growth * 100:+5.1f} %)")
        out.append(" ".join(row))
    for c in COMMITTEES:
        y24 = sum(net(ledger[(m, c)]) for m in months(2024, 10))
        y25 = sum(net(ledger[(m, c)]) for m in months(2025, 10))
        fy24 = sum(net(ledger[(m, c)]) for m in months(2024))
        out.append(f"{c}: Jan–Oct 2025 {y25 / 1e6:.1f}, Jan–Oct 2024 {y24 / 1e6:.1f}, growth {y25 / y24 * 100 - 100:+.2f} %; 2024 {fy24 / 1e6:.1f}")
    for year, rows in budgets.items():
        for c in COMMITTEES:
            yearly = -sum(v for (m, cc, a), v in rows.items() if cc == c and a < 8000)
            ytd = -sum(v for (m, cc, a), v in rows.items() if cc == c and a < 8000 and m <= f"{year}-10")
            per_month = [-sum(v for (m, cc, a), v in rows.items() if cc == c and a < 8000 and m == f"{year}-{mo:02d}") / 1e6 for mo in range(1, 13)]
            out.append(f"budget {year} {c}: year {yearly / 1e6:.1f}, Jan–Oct {ytd / 1e6:.1f}, months " + " ".join(f"{v:.1f}" for v in per_month))
        op = -sum(v for (m, c, a), v in rows.items() if a < 8300)
        op_ytd = -sum(v for (m, c, a), v in rows.items() if a < 8300 and m <= f"{year}-10")
        tg = -sum(v for (m, c, a), v in rows.items() if a in (8010, 8210))
        out.append(f"budget {year}: operating result {op / 1e6:.1f} (Jan–Oct {op_ytd / 1e6:.1f}), taxes and grants {tg / 1e6:.1f}")
    for name, classes in forecast_classes.items():
        out.append(f"forecast {name}: net cost {sum(v for k, v in classes.items() if k[0] in '34567') / 1e6:.0f} " + str({k: v // 1_000_000 for k, v in classes.items()}))
    return "\n".join(out)


def main():
    check = "--check" in sys.argv
    region, periods, ledger = generate()
    files = {k: v.encode("utf-8") for k, v in ledger_files(periods, ledger).items()}
    files["sie/run-2025-10.se"] = sie_file(ledger[("2025-10", "RUN")])
    budgets = {year: budget(year, ledger) for year in (2024, 2025)}
    for year, rows in budgets.items():
        files[f"budget/budget-{year}.csv"] = budget_file(year, rows).encode("utf-8")
    forecast_files, forecast_classes = forecasts(ledger, region)
    files.update({k: v.encode("utf-8") for k, v in forecast_files.items()})

    # The region's totals must come out exactly as fixed.
    for (m, a), v in region.items():
        assert sum(ledger[(m, c)].get(a, 0) for c in COMMITTEES) == v, (m, a)

    differ = []
    for name, content in sorted(files.items()):
        path = os.path.join(INBOX, name)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != content:
            differ.append(name)
            if not check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(content)
    if check:
        if differ:
            sys.exit("differs from the generator: " + ", ".join(differ))
        print(f"{len(files)} files as generated")
        return
    print(summary(region, periods, ledger, budgets, forecast_classes))
    print(f"wrote {len(differ)} of {len(files)} files")


if __name__ == "__main__":
    main()
