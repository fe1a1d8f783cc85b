"""The exact maximum-likelihood rho of 2 x 2 tables, in 40-digit arithmetic.

    python tests/data/make_tetrachoric_roots.py > tests/data/tetrachoric_roots.json

Independent of bivnorm and of R: mpmath only. The tables are those of
``tetrachoric_reference.json`` plus a few near |rho| = 0.999, each with every zero
cell replaced by 0.5 (psych's correction); kept where |rho| <= 0.999. The model is
saturated, so the maximum of the likelihood is where the cuts match the margins,
Phi(a) = p00 + p01, Phi(b) = p00 + p10, and Phi2(a, b; rho) = p00, with

    Phi2(a, b; rho) = Phi(a) Phi(b)
        + 1/(2 pi) int_0^asin(rho) exp(-(a^2 - 2 a b sin t + b^2) / (2 cos^2 t)) dt

(Plackett's identity with r = sin t: a smooth integrand up to |rho| -> 1).
"""

import json
from pathlib import Path

import mpmath as mp

mp.mp.dps = 40
HERE = Path(__file__).parent
NEAR_EDGE = [
    [492, 8, 8, 492],
    [8, 492, 492, 8],
    [50, 1, 1, 50],
    [2000, 30, 20, 950],
    [800, 2, 3, 200],
    [120, 1, 2, 60],
    [300, 0, 1, 90],
    [1, 400, 250, 2],
]


def quantile(p):
    return mp.sqrt(2) * mp.erfinv(2 * p - 1)


def orthant(a, b, rho):
    def integrand(t):
        return mp.exp(-(a * a - 2 * a * b * mp.sin(t) + b * b) / (2 * mp.cos(t) ** 2))

    return mp.ncdf(a) * mp.ncdf(b) + mp.quad(integrand, [0, mp.asin(rho)]) / (2 * mp.pi)


def root(table, start):
    cells = [mp.mpf(c) if c > 0 else mp.mpf("0.5") for c in table]
    n = sum(cells)
    p00, p01, p10 = (c / n for c in cells[:3])
    a, b = quantile(p00 + p01), quantile(p00 + p10)

    def gap(r):
        return orthant(a, b, r) - p00

    width = mp.mpf("1e-5")  # the start (psych's rho) is within 1e-6 of the root
    while True:
        lo = max(mp.mpf(start) - width, mp.mpf(-1) + mp.mpf("1e-30"))
        hi = min(mp.mpf(start) + width, mp.mpf(1) - mp.mpf("1e-30"))
        if gap(lo) < 0 < gap(hi):  # Phi2 rises with rho: a bracket
            return mp.findroot(gap, (lo, hi), solver="illinois")
        width *= 10


def main():
    reference = json.loads((HERE / "tetrachoric_reference.json").read_text())
    rows = [(t["table"], t["psych"]) for t in reference["tables"]]
    rows += [(t, 0.99 if (t[0] * t[3] > t[1] * t[2]) else -0.99) for t in NEAR_EDGE]
    roots = []
    for table, start in rows:
        if abs(start) > 0.9995:
            continue
        rho = root(table, start)
        if abs(rho) <= mp.mpf("0.999"):
            roots.append({"table": table, "rho": mp.nstr(rho, 25)})
    doc = {
        "made_by": "tests/data/make_tetrachoric_roots.py",
        "mpmath": mp.__version__,
        "dps": mp.mp.dps,
        "correction": 0.5,
        "tables": roots,
    }
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
