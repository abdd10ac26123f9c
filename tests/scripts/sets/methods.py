s = {5}
s.add(1); s.add(5); s.add(3)
print(s, len(s))
s.update([7, 8], {9}, range(2))
print(s)
s.discard(100); s.discard(7)
print(s)
s.remove(8)
print(s)
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
print(sorted(s.union({20})), s.intersection(range(4)), sorted(s.difference({0, 1})), sorted(s.symmetric_difference({1, 50})))
print(s.issubset(range(100)), s.issuperset({1, 3}), s.union([1], (2,)))
t = s.copy()
t.intersection_update({1, 3, 5})
print(t, s != t)
t.difference_update({1})
print(t)
t.symmetric_difference_update({5, 6})
print(t)
x = {42}
print(x.pop(), x)
try:
    x.pop()
except KeyError as e:
    print("KeyError:", e)
s.clear()
print(s, bool(s))
