import itertools
from itertools import groupby, tee, chain, islice, count, zip_longest, product, permutations, combinations, cycle, accumulate
import operator
# groupby: advancing the outer iterator invalidates the previous group
groups = []
for k, g in groupby("aaabbbccd"):
    groups.append((k, g))
print([(k, list(g)) for k, g in groups])
gb = groupby([1, 1, 2, 2, 2, 3])
k, g = next(gb)
print(k, next(g))
k2, g2 = next(gb)
print(k2, list(g), list(g2))
print(list(groupby([])), [(k, len(list(g))) for k, g in groupby(sorted("mississippi"))])
people = [("ann", 30), ("bob", 30), ("cat", 25), ("dan", 30)]
for age, grp in groupby(people, key=operator.itemgetter(1)):
    print(age, [n for n, _ in grp])
# tee independence
a, b, c = tee(count(), 3)
print(next(a), next(a), next(a), next(b), list(islice(c, 4)), next(b))
x, y = tee([])
print(list(x), list(y))
# chain laziness and classes
def gen():
    print("gen started")
    yield 1
ch = chain([0], gen())
print("made", next(ch), next(ch), list(ch))
print(isinstance(chain(), chain), list(chain.from_iterable(([1], (2, 3), "ab"))))
print(list(islice(chain.from_iterable(count() for _ in count()), 3)))
print(list(zip_longest([1, 2, 3], "ab", [True])))
print(list(accumulate([1, 2, 3, 4, 5], operator.mul)), list(accumulate("abc")))
print(list(product("ab", repeat=2)), len(list(product(range(3), range(4), repeat=2))))
print(list(permutations([1, 2, 3], 0)), list(permutations([])), list(combinations([], 0)))
print(["".join(p) for p in permutations("abcd", 3)][:10])
print(list(islice(cycle(iter([1, 2])), 5)), list(itertools.starmap(operator.add, zip("ab", "cd"))))
for bad in [lambda: cycle(5), lambda: permutations("ab", -1), lambda: combinations("ab", -2),
            lambda: product("a", repeat=-1), lambda: zip_longest(1), lambda: tee([], -1)]:
    try:
        bad()
        print("no error")
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(list(itertools.combinations_with_replacement(range(3), 3)))
print(list(itertools.compress(range(10), cycle([True, False, False]))))
