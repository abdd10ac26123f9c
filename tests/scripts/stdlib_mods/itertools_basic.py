from itertools import *
import itertools
print(list(islice(count(), 5)), list(islice(count(10, 3), 4)), list(islice(count(1.5, 0.5), 3)))
print(list(islice(cycle("abc"), 8)), list(cycle([])))
print(list(repeat(7, 3)), list(islice(repeat("x"), 2)), list(repeat(1, 0)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([3, 1, 4], max)), list(accumulate([1, 2], initial=100)))
print(list(accumulate([])), list(accumulate([], initial=5)), list(accumulate([2, 3, 4], lambda a, b: a * b)))
print(list(chain("ab", [1, 2], ())), list(chain.from_iterable(["xy", "z"])), list(chain()))
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 3, 8])), list(takewhile(lambda x: x < 5, [1, 4, 6, 3, 8])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, "", "a"])))
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")])
print([(k, list(g)) for k, g in groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
gs = groupby("aabbc")
k1, g1 = next(gs)
k2, g2 = next(gs)
print(k1, list(g1), k2, list(g2))
print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)), list(islice("ABCDEFG", 0, None, 2)))
print(list(islice(range(10), 1, 8, 3)), list(islice(range(3), 5, 10)))
it = iter(range(10)); print(list(islice(it, 3)), next(it))
it = iter(range(10)); print(list(islice(it, 1, 6, 2)), next(it))
for a in [(-1,), (1, -2), (0, 5, 0), ("a",), (1, 2, "x")]:
    try:
        islice([], *a)
    except ValueError as e:
        print("ValueError", e)
print(list(starmap(pow, [(2, 5), (3, 2)])))
a, b = tee(iter([1, 2, 3]))
print(next(a), list(b), list(a))
print([list(t) for t in tee("xyz", 3)], len(tee("a", 0)))
print(list(zip_longest("ABCD", "xy", fillvalue="-")), list(zip_longest("ab", [1])), list(zip_longest()))
print(list(pairwise("ABCDE")), list(pairwise("A")))
print(list(product("AB", "xy")), list(product(range(2), repeat=3)), list(product()))
print(list(permutations("ABC", 2)), list(permutations(range(3))), list(permutations("AB", 3)))
print(list(combinations("ABCD", 2)), list(combinations(range(4), 3)), list(combinations("A", 2)), list(combinations("AB", 0)))
print(list(combinations_with_replacement("ABC", 2)), list(combinations_with_replacement([], 0)), list(combinations_with_replacement([], 1)))
print(len(list(permutations(range(5), 3))), sum(1 for _ in combinations(range(10), 4)))
for a in [(1, -2), (-1, None), (-1, -2), (None, None, -1), (None, "x"), ("x", 3), (None,), (1, 2, None), (None, None, None)]:
    try:
        print(list(islice("abcdef", *a)))
    except ValueError as e:
        print(a, "ValueError", e)
