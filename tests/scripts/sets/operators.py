a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a <= b, {1, 2} <= a, {1, 2} < a, a < a, a <= a, a >= {1}, a > {1, 2, 3, 4})
print(a == {4, 3, 2, 1}, a != b, a.isdisjoint({7, 8}), a.isdisjoint(b))
c = set(a)
c |= {10}; print(sorted(c))
c &= {1, 2, 10, 11}; print(sorted(c))
c -= {1}; print(sorted(c))
c ^= {2, 3}; print(sorted(c))
print(len(a), 3 in a, 9 in a, 9 not in a, sorted(a ^ b, reverse=True))
print(set(), set([3, 1, 2, 1]), set("aaa") == {"a"}, set(range(5)))
try:
    a + b
except TypeError as e:
    print("TypeError:", e)
print({1, 2} | frozenset({3}), type({1} | frozenset({2})).__name__, type(frozenset({2}) | {1}).__name__)
