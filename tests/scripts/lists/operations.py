a = [1, 2, 3]
b = [4, 5]
print(a + b, a * 2, 2 * b, [0] * 5, [] * 3, a * 0, a * -1)
print(len(a), 2 in a, 9 not in a, a == [1, 2, 3], a != b, a < b, [1, 2] < [1, 2, 0])
print(min(a), max(a), sum(a), sorted(a, reverse=True), list(reversed(a)))
grid = [[0] * 3 for _ in range(3)]
grid[0][0] = 1
print(grid)
alias = [[0] * 3] * 3
alias[0][0] = 1
print(alias)
c = a
c += [4]
print(a, c is a)
d = a
d = d + [5]
print(a, d, d is a)
print(list("abc"), list(range(3)), list((1, 2)), list({"k": 1}), list())
nested = [1, [2, [3, [4]]]]
print(nested[1][1][1][0], len(nested))
print([x * 2 for x in a if x % 2], [[y for y in range(x)] for x in range(4)])
e = []
print(e == [], not e, bool([None]))
print([i for i in range(3)] * 2, [[]] * 2)
