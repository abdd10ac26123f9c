print({x % 5 for x in range(20)})
print({x * y for x in range(4) for y in range(4) if x <= y})
evens = {n for n in range(10) if n % 2 == 0}
odds = set(range(10)) - evens
print(evens, odds, evens | odds == set(range(10)))
seen = set()
dups = []
for n in [3, 1, 3, 2, 1, 5, 3]:
    if n in seen:
        dups.append(n)
    seen.add(n)
print(seen, dups)
print(sorted({len(w) for w in "a bb cc ddd e".split()}))
print(sorted({-1, -2, 0, 1}), sorted({100, 1, 10}), {True, 1, 1.0, 0, False})
print(len({0.5, 1 / 2, 2 / 4}), sorted({3.5, 1, -2.25}))
