"""course_utils.model_selection.kfold_indices: a partition into k folds of equal size (+-1), shuffled by rng only."""
import numpy as np
import pytest

from course_utils.model_selection import kfold_indices


@pytest.mark.parametrize("n,k", [(10, 3), (50, 5), (7, 7), (2, 2), (101, 10)])
def test_folds_partition_the_examples_in_equal_sizes(n, k):
    folds = kfold_indices(n, k, np.random.default_rng(0))
    assert len(folds) == k
    assert np.array_equal(np.sort(np.concatenate(folds)), np.arange(n))
    sizes = [len(f) for f in folds]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == n
    assert all(np.array_equal(f, np.sort(f)) and f.dtype.kind == "i" for f in folds)


def test_shuffled_by_rng_alone_and_uniform():
    state = np.random.get_state()
    a = kfold_indices(40, 4, np.random.default_rng(1))
    b = kfold_indices(40, 4, np.random.default_rng(1))
    c = kfold_indices(40, 4, np.random.default_rng(2))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))
    assert not all(np.all(np.diff(f) == 1) for f in a)               # not contiguous blocks of the original order
    assert np.array_equal(state[1], np.random.get_state()[1])
    where = [next(i for i, f in enumerate(kfold_indices(12, 3, np.random.default_rng(s))) if 0 in f) for s in range(600)]
    assert np.bincount(where, minlength=3).min() > 150               # example 0 lands in every fold about equally


def test_bad_arguments():
    for n, k in [(5, 1), (5, 6), (0, 2)]:
        with pytest.raises(ValueError):
            kfold_indices(n, k, np.random.default_rng(0))
    with pytest.raises(TypeError):
        kfold_indices(10, 2, 0)
