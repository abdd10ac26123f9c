r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[2:4], r[::-1], 5 in r, 6 in r)
print(r.start, r.stop, r.step, r.index(8), r.count(8))
print(list(range(10, 0, -3)), list(range(0, -10, -4)), list(range(5, 5)), len(range(5, 0)))
print(range(3) == range(0, 3), range(0) == range(5, 5), range(1, 4) == range(1, 5))
print(sum(range(101)), max(range(7)), sorted(range(3), reverse=True), list(reversed(range(3))))
print(range(-5, 5, 2)[1:], list(range(-5, 5, 2)[::-1]), range(0, 10, 2).index(6))
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(1.5)
except TypeError as e:
    print("TypeError:", e)
try:
    range(3)[5]
except IndexError as e:
    print("IndexError:", e)
for i in range(3):
    print("i", i, end=" ")
print()
