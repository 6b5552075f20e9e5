"""``course similarity``: a hand-made class of submissions, compared once through the command (module fixture).

The class answers a small released exercise with two items (``row_softmax``, ``pairwise_sq_dists``, the latter
released with a given helper ``_as_matrix``):

* alice and bob: bob copied alice's ``pairwise_sq_dists`` (names changed, helpers reordered, comments, layout
  and operand order changed); their ``row_softmax`` answers are independent;
* carol: ``row_softmax`` copied from ``course_utils.activations.softmax`` (and its helper) with new names;
* dave: independent correct answers to both;
* erin and finn: keep the given helper and signature, with short answers of their own (they share only the
  template); gus and hana: the released exercise untouched (blank);
* ivan: a ``pairwise_sq_dists`` cell with a syntax error; jo: a corrupt notebook file;
* kim: a ``pairwise_sq_dists`` built around a helper copied from a lecture (the first lecture function of a
  dozen lines or fewer with at least 20 fingerprints, read from ``lectures/`` when the test runs).
"""
from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parents[1]
AID = "01_sim"
NB = "sim.ipynb"


def _cell(source, grade_id=None, solution=False):
    cell = new_code_cell(source)
    if grade_id:
        cell.metadata["nbgrader"] = {"grade_id": grade_id, "solution": solution, "grade": False,
                                     "locked": not solution, "schema_version": 3}
    return cell


SETUP = "import numpy as np\n"
SOFTMAX_T = '''def row_softmax(scores):
    """Softmax of each row of ``scores`` (shape (n, k) or (k,)), stable for any finite input."""
    # YOUR CODE HERE
    raise NotImplementedError()
'''
PAIRWISE_T = '''def _as_matrix(M):
    """Given: M as a float64 2-D array (raises ValueError otherwise)."""
    M = np.asarray(M, dtype=float)
    if M.ndim != 2:
        raise ValueError(f"expected a matrix, got shape {M.shape}")
    return M


def pairwise_sq_dists(A, B):
    """D[i, j] = |A[i] - B[j]|^2 for the rows of A (n, d) and B (m, d); D has shape (n, m)."""
    # YOUR CODE HERE
    raise NotImplementedError()
'''


def released():
    return new_notebook(cells=[
        new_markdown_cell("# A small exercise"),
        _cell(SETUP, "setup"),
        _cell(SOFTMAX_T, "row_softmax", solution=True),
        _cell("assert np.allclose(row_softmax(np.zeros(3)), 1 / 3)", "test_row_softmax"),
        _cell(PAIRWISE_T, "pairwise_sq_dists", solution=True),
        _cell("assert pairwise_sq_dists(np.eye(2), np.eye(2)).shape == (2, 2)", "test_pairwise_sq_dists"),
    ])


def _fill(template: str, body: str) -> str:
    """The released cell with the stub replaced by ``body`` (extra helpers go before the function)."""
    return template.replace("    # YOUR CODE HERE\n    raise NotImplementedError()\n", body)


ANSWERS = {
    "alice": {
        "row_softmax": _fill(SOFTMAX_T, '''    out = []
    for row in np.atleast_2d(scores).astype(float):
        e = np.exp(row - row.max())
        out.append(e / e.sum())
    result = np.array(out)
    return result if np.ndim(scores) == 2 else result[0]
'''),
        "pairwise_sq_dists": '''def _squared_norms(M):
    # squared length of every row
    return np.einsum("ij,ij->i", M, M)


def _gram(A, B):
    return A @ B.T


''' + _fill(PAIRWISE_T, '''    A = _as_matrix(A)
    B = _as_matrix(B)
    if A.shape[1] != B.shape[1]:
        raise ValueError("A and B need the same number of columns")
    sq = _squared_norms(A)[:, None] - 2.0 * _gram(A, B) + _squared_norms(B)[None, :]
    np.maximum(sq, 0.0, out=sq)   # rounding can make tiny distances negative
    return sq
'''),
    },
    "bob": {
        "row_softmax": _fill(SOFTMAX_T, '''    z = np.array(scores, dtype=float)
    z = z - z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z
'''),
        # alice's answer: helpers renamed and in another order, the main function's names changed, the operands
        # of * swapped, comments, docstrings and layout different
        "pairwise_sq_dists": '''def _inner_products(P, Q):
    """Inner products of all rows."""
    return P @ Q.T
''' + _fill(PAIRWISE_T, '''    X = _as_matrix(A); Y = _as_matrix(B)
    if X.shape[1] != Y.shape[1]:
        raise ValueError("different number of columns in A and B")
    # |a|^2 - 2 a.b + |b|^2
    dist = (_row_sq_len(X)[:, None] - _inner_products(X, Y) * 2.0
            + _row_sq_len(Y)[None, :])
    np.maximum(dist, 0.0, out=dist)
    return dist


def _row_sq_len(matrix):
    return np.einsum("ij,ij->i", matrix, matrix)
'''),
    },
    "carol": {
        # course_utils.activations.softmax and its helper _as_float, names changed
        "row_softmax": '''def _to_float(values):
    a = np.asarray(values)
    if a.dtype == np.float64 or a.dtype == np.float32:
        return a
    return a.astype(np.float64)


''' + _fill(SOFTMAX_T, '''    s = _to_float(scores)
    if s.ndim == 0:
        raise ValueError("need at least one score")
    with np.errstate(under="ignore", over="ignore"):
        moved = s - np.max(s, axis=-1, keepdims=True)
        ex = np.exp(moved)
        return ex / np.sum(ex, axis=-1, keepdims=True)
'''),
        "pairwise_sq_dists": _fill(PAIRWISE_T, '''    A, B = _as_matrix(A), _as_matrix(B)
    D = np.empty((len(A), len(B)))
    for i, a in enumerate(A):
        diff = B - a
        D[i] = (diff * diff).sum(axis=1)
    return D
'''),
    },
    "dave": {
        "row_softmax": _fill(SOFTMAX_T, '''    s = np.asarray(scores, dtype=float)
    flat = s.reshape(-1, s.shape[-1])
    res = np.empty_like(flat)
    for i in range(flat.shape[0]):
        shifted = flat[i] - np.max(flat[i])
        w = np.exp(shifted)
        res[i] = w / w.sum()
    return res.reshape(s.shape)
'''),
        "pairwise_sq_dists": _fill(PAIRWISE_T, '''    diff = _as_matrix(A)[:, None, :] - _as_matrix(B)[None, :, :]
    return np.sum(diff ** 2, axis=-1)
'''),
    },
    "erin": {
        "pairwise_sq_dists": _fill(
            PAIRWISE_T, '''    return np.array([[np.dot(a - b, a - b) for b in _as_matrix(B)] for a in _as_matrix(A)])
'''),
    },
    "finn": {
        "pairwise_sq_dists": _fill(
            PAIRWISE_T, '''    return np.linalg.norm(_as_matrix(A)[:, None] - _as_matrix(B)[None], axis=2) ** 2
'''),
    },
    "ivan": {
        "pairwise_sq_dists": _fill(PAIRWISE_T, '''    D = (A[:, None] - B[None]) ** 2
    return D.sum(axis=-1
'''),
    },
}
STUDENTS = ["alice", "bob", "carol", "dave", "erin", "finn", "gus", "hana", "ivan", "kim"]  # jo's: corrupt


def lecture_helper():
    """``(notebook, source)`` of a lecture function to copy: at least 20 fingerprints, at most 12 lines."""
    from course_grader.similarity import reference_answers

    for r in reference_answers(REPO):
        if r.who.startswith("lecture:") and "." not in r.item and len(r.units[0].fps) >= 20 \
                and r.source.count("\n") < 12:
            return r.who, r.source + "\n"
    raise AssertionError("no lecture function to copy")


KIM_MAIN = _fill(PAIRWISE_T, '''    A, B = _as_matrix(A), _as_matrix(B)
    return np.add.outer((A * A).sum(1), (B * B).sum(1)) - 2 * A @ B.T
''')


def submission(student: str):
    if student == "kim" and student not in ANSWERS:   # not at import: collecting the tests stays cheap
        ANSWERS["kim"] = {"pairwise_sq_dists": lecture_helper()[1] + "\n\n" + KIM_MAIN}
    nb = released()
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in ANSWERS.get(student, {}):
            cell.source = ANSWERS[student][gid]
    return nb


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from course_grader.similarity import run_similarity

    root = tmp_path_factory.mktemp("simcourse")
    (root / "exercises" / AID).mkdir(parents=True)
    nbformat.write(released(), str(root / "exercises" / AID / NB))
    for s in STUDENTS:
        (root / "submitted" / s / AID).mkdir(parents=True)
        nbformat.write(submission(s), str(root / "submitted" / s / AID / NB))
    (root / "submitted" / "jo" / AID).mkdir(parents=True)
    text = nbformat.writes(submission("alice"))
    (root / "submitted" / "jo" / AID / NB).write_text(text[: len(text) // 2], encoding="utf-8")
    out = root / "report"
    # released exercise and submissions given (no nbgrader configuration to read); reference code: this
    # repository's course_utils and lectures
    result, csv_path, html_path = run_similarity(root, AID, out, released=[root / "exercises" / AID / NB],
                                                 submitted=root / "submitted", refs_root=REPO)
    with open(csv_path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {"result": result, "header": header, "rows": rows, "html": html_path.read_text(encoding="utf-8")}


def _score(rows, a, b, item):
    hit = [r for r in rows if {r["a"], r["b"]} == {a, b} and r["item"] == item]
    assert len(hit) == 1, (a, b, item, hit)
    return float(hit[0]["score"]), hit[0]["flagged"] == "1"


def test_csv_columns_and_rows(run):
    assert run["header"] == ["a", "b", "item", "score", "flagged"]
    rows = run["rows"]
    for r in rows:
        assert 0.0 <= float(r["score"]) <= 1.0 and r["flagged"] in ("0", "1")
        assert r["item"] in ("row_softmax", "pairwise_sq_dists")
        assert r["b"].startswith(("course_utils:", "lecture:")) or r["b"] in STUDENTS
    # one row per pair of students per item (every student's notebook has both answer cells)
    pairs = [r for r in rows if r["b"] in STUDENTS]
    n = len(STUDENTS)
    assert len(pairs) == 2 * n * (n - 1) // 2
    assert len({(r["a"], r["b"], r["item"]) for r in pairs}) == len(pairs)
    assert not any(r["a"] == "jo" or r["b"] == "jo" for r in rows)


def test_copies_flagged_and_nothing_else(run):
    rows = run["rows"]
    score, flagged = _score(rows, "alice", "bob", "pairwise_sq_dists")
    assert flagged and score >= 0.8, score
    ref = [r for r in rows if r["a"] == "carol" and r["item"] == "row_softmax" and r["b"].startswith("course_utils:")]
    assert len(ref) == 1 and ref[0]["b"] == "course_utils:softmax" and ref[0]["flagged"] == "1", ref
    assert float(ref[0]["score"]) >= 0.8
    flagged = {(r["a"], r["b"], r["item"]) for r in rows if r["flagged"] == "1"}
    lecture = lecture_helper()[0]
    assert flagged == {("alice", "bob", "pairwise_sq_dists"), ("carol", "course_utils:softmax", "row_softmax"),
                       ("kim", lecture, "pairwise_sq_dists")}


def test_template_and_blanks_count_for_nothing(run):
    rows = run["rows"]
    for item in ("row_softmax", "pairwise_sq_dists"):
        assert _score(rows, "gus", "hana", item) == (0.0, False)      # both untouched
        assert _score(rows, "erin", "gus", item) == (0.0, False)
    assert _score(rows, "erin", "finn", "row_softmax") == (0.0, False)
    assert _score(rows, "erin", "finn", "pairwise_sq_dists")[0] < 0.3  # only the template in common
    assert not any(r["a"] in ("gus", "hana") and ":" in r["b"] for r in rows)   # no own code, no reference row


def test_independent_answers_score_low(run):
    rows = run["rows"]
    for a, b in [("alice", "bob"), ("alice", "dave"), ("bob", "dave"), ("carol", "dave")]:
        assert _score(rows, a, b, "row_softmax")[0] < 0.5, (a, b)
    for a, b in [("alice", "carol"), ("alice", "dave"), ("carol", "dave"), ("dave", "finn"), ("carol", "finn")]:
        assert _score(rows, a, b, "pairwise_sq_dists")[0] < 0.5, (a, b)
    for student in ("alice", "bob", "dave"):
        assert not any(r["a"] == student and ":" in r["b"] and r["flagged"] == "1" for r in rows)


def test_html_report(run):
    page = run["html"]
    assert "Similarity report: 01_sim" in page
    assert "evidence for a person, never a grade" in page
    assert "What a score means" in page and "Schleimer" in page
    assert page.count("class='pair'") == 3
    # per item: answers, answers with code of their own (row_softmax: alice..dave; pairwise_sq_dists: alice..finn
    # and kim, ivan's function does not parse), flagged student pairs, flagged reference rows
    assert "<tr><td>row_softmax</td><td class='n'>10</td><td class='n'>4</td><td class='n'>0</td>" \
           "<td class='n'>1</td>" in page
    assert "<tr><td>pairwise_sq_dists</td><td class='n'>10</td><td class='n'>7</td><td class='n'>1</td>" \
           "<td class='n'>1</td>" in page
    assert "course_utils:softmax" in page and "<mark>" in page
    # the copied lines are highlighted on both sides, the given helper is not
    assert "<mark>    sq = _squared_norms(A)[:, None]" in page
    assert "<mark>    return np.einsum(&quot;ij,ij-&gt;i&quot;, matrix, matrix)</mark>" in page
    assert "<mark>    M = np.asarray(M, dtype=float)</mark>" not in page
    assert "ivan · pairwise_sq_dists: does not parse as Python" in page
    assert "jo: sim.ipynb cannot be read" in page


def test_command_registered():
    import argparse

    from course_grader import cli, similarity

    assert "similarity" in cli.COMMANDS
    sub = argparse.ArgumentParser().add_subparsers()
    similarity.add_parser(sub)
    args = sub.choices["similarity"].parse_args(["01_perceptron", "--out", "d", "--threshold", "0.7"])
    assert (args.assignment, args.out, args.threshold, args.func) == ("01_perceptron", "d", 0.7, similarity.run)


def test_normalisation_unit():
    from course_grader.similarity import units_of

    a, _ = units_of("def f(x, y):\n    '''doc'''\n    total = x + 2 * y  # note\n    return total\n")
    b, _ = units_of("def g(p, q):\n    s = (q * 2) + p\n\n    return s\n")
    assert set(a[0].fps) == set(b[0].fps)
    units, note = units_of("def f(x):\n    return x +\n\ndef h(z):\n    return z * 3 - 1\n")
    assert [u.name for u in units] == ["h"] and "line(s) 1-3" in note
    # chains of + are one sorted list of operands; a deep chain is no crash
    a, _ = units_of("def f(a, b, c):\n    return (a + b) + c * 2\n")
    b, _ = units_of("def g(x, y, z):\n    return x + (2 * z + y)\n")
    assert set(a[0].fps) == set(b[0].fps)
    units, note = units_of("x = " + "1 + " * 3000 + "1\n")
    assert units == [] and note


def test_blanks_are_similar_to_nothing_even_without_a_template():
    from course_grader.similarity import compare

    blank = 'def f(w, X):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n'
    result = compare({"a": {"f": blank}, "b": {"f": blank}, "c": {"f": "def f(:"}}, {}, set(), [])
    assert [(p.a, p.b, p.score, p.flagged) for p in result.pairs] == [
        ("a", "b", 0.0, False), ("a", "c", 0.0, False), ("b", "c", 0.0, False)]
    assert result.blanks == {"f": 3} and any("c · f: does not parse" in n for n in result.notes)


def test_code_most_of_the_class_writes_is_not_evidence():
    from course_grader.similarity import compare

    canonical = '''def train(X, y, n_epochs):
    w = np.zeros(X.shape[1])
    for _ in range(n_epochs):
        for i in range(len(X)):
            if y[i] * (w @ X[i]) <= 0:
                w = w + y[i] * X[i]
    return w
'''
    helper = '''def _shuffled_copy(X, y, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    Xs, ys = X[order].copy(), y[order].copy()
    assert Xs.shape[0] == ys.shape[0], "rows and labels differ"
    keep = np.flatnonzero(np.isfinite(Xs).all(axis=1) & (np.abs(ys) == 1))
    return Xs[keep], ys[keep]
'''
    subs = {f"s{i:02d}": {"train": canonical} for i in range(22)}
    subs["x"] = {"train": helper + canonical}
    subs["y"] = {"train": canonical.replace("w", "v") + "\n" + helper.replace("order", "idx")}
    result = compare(subs, {}, set(), [])
    scores = {(p.a, p.b): p.score for p in result.pairs}
    assert scores[("s00", "s01")] == 0.0 and scores[("s00", "x")] == 0.0
    assert scores[("x", "y")] >= 0.8
    assert [(p.a, p.b) for p in result.pairs if p.flagged] == [("x", "y")]
    assert any("were ignored between students" in n for n in result.notes)
    # with nothing ignored, the class's common code makes every pair alike
    result = compare(subs, {}, set(), [], common=1.0)
    assert all(p.flagged for p in result.pairs)
