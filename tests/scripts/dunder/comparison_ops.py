class V:
    def __init__(self, n):
        self.n = n
    def __eq__(self, other):
        print("V.__eq__")
        if not isinstance(other, V):
            return NotImplemented
        return self.n == other.n
    def __lt__(self, other):
        print("V.__lt__")
        if not isinstance(other, V):
            return NotImplemented
        return self.n < other.n
    def __le__(self, other):
        return self.n <= other.n
    def __repr__(self):
        return f"V({self.n})"
a, b = V(1), V(2)
print(a == V(1), a != b, a < b, b > a, a <= b)
print(a == 1)
print(a != 1)
try:
    print(a < 1)
except TypeError as e:
    print("TypeError:", e)
print(sorted([V(3), V(1), V(2)]))
print(max([V(3), V(9), V(2)], key=lambda v: v.n))
class Always:
    def __eq__(self, other):
        return True
print(Always() == 5, 5 == Always(), None == Always(), Always() != 3)
print([1, Always()] == [1, "x"])
print(V(1) in [V(0), V(1)])
